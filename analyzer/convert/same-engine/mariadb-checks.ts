/**
 * MariaDB → Aurora MySQL 3: what MariaDB has and MySQL 8.0 does not, or has differently
 * (https://mariadb.com/kb/en/incompatibilities-and-feature-differences-between-mariadb-and-mysql-unmaintained/).
 * Run only when the source flavor is MariaDB.
 */
import type { ConversionContext } from '../context.js';
import type { Schema } from '../../model/schema.js';
import { quoteMysqlQualified } from '../../dialects/mysql/quote.js';

/** MariaDB column types MySQL 8.0 lacks, with the replacement the fix names. */
const MARIADB_TYPES: Record<string, string> = { uuid: 'CHAR(36)', inet6: 'VARBINARY(16)', inet4: 'INT UNSIGNED' };

/** MariaDB sequences, types and JSON storage that Aurora MySQL 3 lacks or stores differently. */
export function checkMariadbFeatures(ctx: ConversionContext, schema: Schema): void {
  for (const s of schema.sequences) {
    const name = `${schema.name}.${s.name}`;
    ctx.raise({ code: 'mariadb_only_feature', object: name, objectType: 'sequence', message: `${name} is a MariaDB sequence; MySQL 8.0 has no sequences.`, recommendation: `Use an AUTO_INCREMENT column instead of NEXTVAL(${quoteMysqlQualified(schema.name, s.name)}), or a one-row table updated with LAST_INSERT_ID(expr).` });
  }
  for (const t of schema.tables) {
    const table = `${schema.name}.${t.name}`;
    const owner = { type: 'table' as const, name: table };
    for (const c of t.columns) {
      const name = `${table}.${c.name}`;
      const base = c.type.raw.toLowerCase().replace(/\(.*$/, '').trim();
      const replacement = MARIADB_TYPES[base];
      if (replacement) {
        ctx.raise({ code: 'mariadb_only_feature', object: name, objectType: 'column', owner, message: `${name} is of MariaDB type ${c.type.raw}, which MySQL 8.0 lacks.`, recommendation: `ALTER TABLE ${quoteMysqlQualified(schema.name, t.name)} MODIFY \`${c.name.replaceAll('`', '``')}\` ${replacement}; converting the values.` });
      }
      if (c.type.kind === 'json' && /longtext/i.test(c.type.raw)) {
        ctx.raise({ code: 'mariadb_json_as_longtext', object: name, objectType: 'column', owner, message: `${name} is MariaDB JSON (LONGTEXT with json_valid); MySQL stores binary JSON.` });
      }
    }
  }
}
