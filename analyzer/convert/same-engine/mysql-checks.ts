/**
 * MySQL/MariaDB → Aurora MySQL 3 (MySQL 8.0): the table, column, name and setting checks.
 * Each item names its object and the statement that fixes it. The fixes the DDL can make
 * itself (InnoDB only, no COMPRESSED row format) are made on a copy of the model by
 * auroraMysqlModel().
 */
import type { ConversionContext } from '../context.js';
import type { Column, DatabaseModel, Schema, Table } from '../../model/schema.js';
import { quoteMysqlIdent, quoteMysqlQualified, quoteMysqlString } from '../../dialects/mysql/quote.js';
import { isMysql80NewReservedWord } from './mysql-reserved-words.js';
import { qualifyRoutineCalls } from './qualify-routine-calls.js';

const isInnodb = (t: Table): boolean => !t.attrs['engine'] || t.attrs['engine'].toLowerCase() === 'innodb';
const isCompressed = (t: Table): boolean => (t.attrs['row_format'] ?? '').toLowerCase() === 'compressed' || /row_format=compressed/i.test(t.attrs['create_options'] ?? '');
const isUtf8mb3 = (charset: string | undefined): boolean => !!charset && /^utf8(mb3)?$/i.test(charset);
const INNODB_ROW_FORMATS = new Set(['dynamic', 'compact', 'redundant']);
const ZERO_DATE = /^0000-00-00|^\d{4}-00-|^\d{4}-\d{2}-00/;

/**
 * The model the Aurora DDL is generated from: InnoDB everywhere, no COMPRESSED row format,
 * and views' calls to the schema's stored functions qualified (qualify-routine-calls.ts).
 */
export function auroraMysqlModel(model: DatabaseModel): DatabaseModel {
  const fixTable = (t: Table): Table => {
    if (isInnodb(t) && !isCompressed(t)) return t;
    const attrs: Record<string, string> = { ...t.attrs, engine: 'InnoDB' };
    // Row formats and options of other engines (Aria PAGE, MyISAM FIXED, KEY_BLOCK_SIZE) are refused by InnoDB.
    if (!INNODB_ROW_FORMATS.has((attrs['row_format'] ?? '').toLowerCase())) delete attrs['row_format'];
    if (attrs['create_options']) attrs['create_options'] = attrs['create_options'].replace(/\b(row_format|key_block_size|transactional|page_checksum|delay_key_write|checksum|pack_keys)=\S+/gi, '').trim();
    return { ...t, attrs };
  };
  return { ...model, schemas: model.schemas.map((s) => qualifyRoutineCalls({ ...s, tables: s.tables.map(fixTable) })) };
}

/** Engine, row format, charset, zero-date defaults, deprecated types, spatial SRIDs and reserved names of each table. */
export function checkMysqlTables(ctx: ConversionContext, schema: Schema): void {
  for (const t of schema.tables) {
    const name = `${schema.name}.${t.name}`;
    const qname = quoteMysqlQualified(schema.name, t.name);
    const owner = { type: 'table' as const, name };
    if (!isInnodb(t)) {
      const partitioned = t.partitioning ? ' It is partitioned: convert each partition with the table.' : '';
      ctx.raise({ code: 'aurora_mysql_non_innodb_table', object: name, objectType: 'table', message: `${name} uses ENGINE=${t.attrs['engine']}; the DDL creates it as InnoDB.${partitioned}`, recommendation: `ALTER TABLE ${qname} ENGINE=InnoDB, ALGORITHM=COPY; on the source before the move.` });
    }
    if (isCompressed(t)) {
      ctx.raise({ code: 'aurora_mysql_row_format_compressed', object: name, objectType: 'table', message: `${name} uses ROW_FORMAT=COMPRESSED; the DDL leaves it out.`, recommendation: `ALTER TABLE ${qname} ROW_FORMAT=DYNAMIC;` });
    }
    const mb3 = t.columns.filter((c) => isUtf8mb3(c.charset));
    if (mb3.length || isUtf8mb3(t.attrs['charset'])) {
      const cols = mb3.length ? ` (columns ${mb3.map((c) => c.name).join(', ')})` : '';
      ctx.raise({ code: 'mysql8_utf8mb3', object: name, objectType: 'table', owner, message: `${name} uses utf8mb3${cols}.`, recommendation: `ALTER TABLE ${qname} CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;` });
    }
    for (const c of t.columns) checkColumn(ctx, schema, t, c);
    if (t.indexes.some((i) => i.method === 'fulltext') && !isInnodb(t)) {
      ctx.raise({ code: 'aurora_mysql_fulltext', object: name, objectType: 'table', owner, message: `${name} has FULLTEXT indexes built by ${t.attrs['engine']}; InnoDB tokenizes differently.` });
    }
    checkName(ctx, 'table', name, t.name, owner);
  }
}

function checkColumn(ctx: ConversionContext, schema: Schema, t: Table, c: Column): void {
  const name = `${schema.name}.${t.name}.${c.name}`;
  const owner = { type: 'table' as const, name: `${schema.name}.${t.name}` };
  const qtable = quoteMysqlQualified(schema.name, t.name);
  const d = c.default;
  const temporal = ['date', 'timestamp', 'timestamptz'].includes(c.type.kind);
  if (temporal && d && (d.kind === 'string' || d.kind === 'expression') && ZERO_DATE.test(d.kind === 'string' ? d.value : d.text.replace(/^'/, ''))) {
    const nullable = c.nullable ? 'NULL DEFAULT NULL' : `NOT NULL DEFAULT ${quoteMysqlString(c.type.kind === 'date' ? '1970-01-01' : '1970-01-01 00:00:01')}`;
    ctx.raise({
      code: 'mysql8_zero_date_default',
      object: name,
      objectType: 'column',
      owner,
      message: `${name} defaults to a zero date, which MySQL 8.0's default sql_mode rejects.`,
      recommendation: `ALTER TABLE ${qtable} MODIFY ${quoteMysqlIdent(c.name)} ${c.type.raw} ${nullable}; after replacing zero dates in the data, or keep NO_ZERO_DATE out of sql_mode in the parameter group.`,
    });
  }
  const deprecated: string[] = [];
  if (c.type.zerofill) deprecated.push('ZEROFILL');
  // Display width alone is ignored by MySQL 8.0 (and printed by every MariaDB catalog): only ZEROFILL makes it visible.
  if ((c.type.kind === 'float32' || c.type.kind === 'float64') && /\(\s*\d+\s*,\s*\d+\s*\)/.test(c.type.raw)) deprecated.push('FLOAT(M,D)/DOUBLE(M,D)');
  if (deprecated.length) ctx.raise({ code: 'mysql8_deprecated_feature', object: name, objectType: 'column', owner, message: `${name} (${c.type.raw}) uses ${deprecated.join(', ')}, deprecated in MySQL 8.0.` });
  if (c.type.kind === 'geometry' && c.type.srid === undefined) {
    ctx.raise({ code: 'mysql8_spatial_srid', object: name, objectType: 'column', owner, message: `${name} is spatial without an SRID attribute.`, recommendation: `ALTER TABLE ${qtable} MODIFY ${quoteMysqlIdent(c.name)} ${c.type.raw} ${c.nullable ? '' : 'NOT NULL '}SRID 0;` });
  }
  checkName(ctx, 'column', name, c.name, owner);
}

/** Names that MySQL 8.0 reserves: the DDL quotes them, application SQL must too. */
export function checkName(ctx: ConversionContext, objectType: 'table' | 'column' | 'view' | 'function' | 'procedure' | 'trigger' | 'event', object: string, name: string, owner?: { type: 'table' | 'view'; name: string }): void {
  if (!isMysql80NewReservedWord(name)) return;
  ctx.raise({ code: 'mysql8_reserved_word', object, objectType, ...(owner ? { owner } : {}), message: `${object}: "${name}" is a reserved word in MySQL 8.0; write it as ${quoteMysqlIdent(name)} in every query.` });
}

const ZERO_DATE_FLAGS = ['NO_ZERO_DATE', 'NO_ZERO_IN_DATE'];
const REMOVED_SQL_MODES = ['NO_AUTO_CREATE_USER', 'DB2', 'MAXDB', 'MSSQL', 'MYSQL323', 'MYSQL40', 'ORACLE', 'POSTGRESQL', 'NO_FIELD_OPTIONS', 'NO_KEY_OPTIONS', 'NO_TABLE_OPTIONS'];

/** sql_mode and the server settings model.settings carries. */
export function checkMysqlSettings(ctx: ConversionContext, model: DatabaseModel): void {
  const s = model.settings;
  const setting = (key: string, message: string, recommendation: string): void =>
    ctx.raise({ code: 'mysql8_setting_differs', object: key, objectType: 'setting', message, recommendation });
  if (s['sql_mode'] !== undefined) {
    const modes = s['sql_mode'].toUpperCase().split(',').map((m) => m.trim());
    const strict = modes.includes('STRICT_TRANS_TABLES') || modes.includes('STRICT_ALL_TABLES') || modes.includes('TRADITIONAL');
    const missing = ZERO_DATE_FLAGS.filter((f) => !modes.includes(f));
    const removed = modes.filter((m) => REMOVED_SQL_MODES.includes(m));
    if (missing.length || !strict) {
      // The source's mode as Aurora MySQL 3 accepts it: without the flags MySQL 8.0 removed.
      const keep = s['sql_mode'].split(',').map((m) => m.trim()).filter((m) => m !== '' && !REMOVED_SQL_MODES.includes(m.toUpperCase())).join(',');
      ctx.raise({ code: 'mysql8_sql_mode_allows_zero_dates', object: 'sql_mode', objectType: 'setting', message: `sql_mode is '${s['sql_mode']}': without ${[...missing, ...(strict ? [] : ['strict mode'])].join(', ')} the data may hold zero dates or truncated values that Aurora MySQL 3 rejects.`, recommendation: `Find and fix such rows, or set sql_mode = '${keep}' in the DB cluster parameter group.` });
    }
    if (removed.length) {
      ctx.raise({ code: 'mysql8_sql_mode_removed_flag', object: 'sql_mode', objectType: 'setting', message: `sql_mode holds ${removed.join(', ')}, removed in MySQL 8.0.`, recommendation: `Set sql_mode without ${removed.join(', ')} in the DB cluster parameter group.` });
    }
  }
  const engine = s['default_storage_engine'];
  if (engine && engine.toLowerCase() !== 'innodb') setting('default_storage_engine', `default_storage_engine is ${engine}; Aurora MySQL creates InnoDB tables only.`, 'Name ENGINE=InnoDB (or nothing) in application DDL.');
  if (s['lower_case_table_names'] && s['lower_case_table_names'] !== '0') setting('lower_case_table_names', `lower_case_table_names is ${s['lower_case_table_names']}; on Aurora MySQL 3 it can only be chosen when the cluster is created.`, `Create the cluster with a DB cluster parameter group where lower_case_table_names = ${s['lower_case_table_names']}.`);
  if (s['explicit_defaults_for_timestamp'] && /^(off|0)$/i.test(s['explicit_defaults_for_timestamp'])) setting('explicit_defaults_for_timestamp', 'explicit_defaults_for_timestamp is OFF; MySQL 8.0 defaults it to ON, which changes the implicit defaults of TIMESTAMP columns.', 'Set explicit_defaults_for_timestamp = 0 in the DB cluster parameter group, or give TIMESTAMP columns explicit defaults.');
  const cs = s['character_set_server'];
  if (cs && cs.toLowerCase() !== 'utf8mb4') setting('character_set_server', `character_set_server is ${cs}; Aurora MySQL 3 defaults to utf8mb4, so new tables without a charset differ.`, `Set character_set_server = ${cs} in the DB cluster parameter group, or name the charset in DDL.`);
  if (s['time_zone'] && s['time_zone'].toUpperCase() === 'SYSTEM') setting('time_zone', "time_zone is SYSTEM (the host's zone); Aurora MySQL runs in UTC unless time_zone is set.", 'Set time_zone in the DB cluster parameter group to the source host zone, for TIMESTAMP and NOW() to give the same local times.');
}
