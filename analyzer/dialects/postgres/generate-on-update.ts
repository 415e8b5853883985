/**
 * MySQL's `ON UPDATE CURRENT_TIMESTAMP` as a BEFORE UPDATE trigger: PostgreSQL has no column
 * option for it. The trigger sets the column when the row changed and the UPDATE did not set
 * the column itself, which is MySQL's rule. The column keeps its NOT NULL and DEFAULT.
 * https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html
 */
import type { Schema, Table } from '../../model/schema.js';
import { pgDefault } from './generate-default.js';
import { dollarQuote, fitIdentifier, qualifyName, quoteIdent } from './quote.js';

/** The function and trigger name of a table's ON UPDATE trigger. */
export const onUpdateName = (table: string): string => fitIdentifier(`${table}_on_update`);

/** CREATE FUNCTION and CREATE TRIGGER for the table, or null when no column has ON UPDATE. */
export function onUpdateTriggerSql(schema: Schema, table: Table): { fn: string; trigger: string } | null {
  const columns = table.columns.filter((c) => c.onUpdateCurrentTimestamp);
  if (columns.length === 0) return null;
  const name = onUpdateName(table.name);
  const fnName = qualifyName(schema.name, name);
  const sets = columns.map((c) => {
    const col = quoteIdent(c.name);
    const now = pgDefault({ kind: 'current_timestamp', ...(c.onUpdateCurrentTimestamp?.precision !== undefined ? { precision: c.onUpdateCurrentTimestamp.precision } : {}) }, c.type);
    return `  IF changed AND NEW.${col} IS NOT DISTINCT FROM OLD.${col} THEN\n    NEW.${col} := ${now};\n  END IF;`;
  });
  const body = `\nDECLARE\n  changed boolean := NEW IS DISTINCT FROM OLD;\nBEGIN\n${sets.join('\n')}\n  RETURN NEW;\nEND\n`;
  return {
    fn: `CREATE FUNCTION ${fnName}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(body)};`,
    trigger: `CREATE TRIGGER ${quoteIdent(name)} BEFORE UPDATE ON ${qualifyName(schema.name, table.name)} FOR EACH ROW EXECUTE FUNCTION ${fnName}();`,
  };
}
