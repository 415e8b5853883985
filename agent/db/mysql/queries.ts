/**
 * Catalog SQL for MySQL and MariaDB, one named constant per object kind.
 *
 * Rules: information_schema columns are aliased to lower case explicitly (MySQL 8 returns
 * upper-case labels, MariaDB and MySQL 5.7 the case of the query); values are bound (`?`);
 * version and flavor branches choose between whole SQL texts (or fixed column fragments),
 * never splice values in. The one token, `{schemas}`, expands to `(?, ?, …)` placeholders
 * for the schema names (see bindSchemas). Identifiers (sequence names) are quoted with
 * quoteIdent, because MySQL cannot bind an identifier.
 */

/** What the SQL branches depend on. versionNum: 80036 for MySQL 8.0.36, 101106 for MariaDB 10.11.6. */
export interface SqlVariant {
  mariadb: boolean;
  versionNum: number;
}

export const mysqlAtLeast = (v: SqlVariant, n: number): boolean => !v.mariadb && v.versionNum >= n;
export const mariadbAtLeast = (v: SqlVariant, n: number): boolean => v.mariadb && v.versionNum >= n;

/**
 * MySQL 8 serves information_schema from its data dictionary, so one `IN (…)` query per kind
 * covers every schema cheaply. MariaDB and MySQL 5.x build information_schema by scanning
 * schema directories: only `TABLE_SCHEMA = const` limits the scan to one schema (an IN list
 * of two or more scans every database), so there the kinds run once per schema.
 */
export const bulkSchemaFilter = (v: SqlVariant): boolean => mysqlAtLeast(v, 80000);

// ---------------------------------------------------------------- session

export const VERSION = `SELECT VERSION() AS version, @@version_comment AS version_comment, @@basedir AS basedir,
  CURRENT_USER() AS current_account, @@hostname AS hostname, @@port AS port`;
export const SESSION_READ_ONLY = 'SET SESSION TRANSACTION READ ONLY';
export const SESSION_LOCK_WAIT = 'SET SESSION lock_wait_timeout = ?';
/** MySQL 5.7.8+: milliseconds, read-only SELECT statements only. */
export const SESSION_LIMITS_MYSQL = 'SET SESSION lock_wait_timeout = ?, max_execution_time = ?';
/** MariaDB 10.1+: seconds (fractional), every statement. */
export const SESSION_LIMITS_MARIADB = 'SET SESSION lock_wait_timeout = ?, max_statement_time = ?';
export const START_READ_ONLY = 'START TRANSACTION READ ONLY';

/** READ ONLY session and transaction: MySQL 5.6.5+, MariaDB 10.0+. */
export const supportsReadOnlyTransaction = (v: SqlVariant): boolean => mysqlAtLeast(v, 50605) || mariadbAtLeast(v, 100000);

export function sessionLimitsSql(v: SqlVariant): { sql: string; statementTimeout: 'max_execution_time' | 'max_statement_time' | null } {
  if (mariadbAtLeast(v, 100100)) return { sql: SESSION_LIMITS_MARIADB, statementTimeout: 'max_statement_time' };
  if (mysqlAtLeast(v, 50708)) return { sql: SESSION_LIMITS_MYSQL, statementTimeout: 'max_execution_time' };
  return { sql: SESSION_LOCK_WAIT, statementTimeout: null };
}

// ---------------------------------------------------------------- server

export const VARIABLES = 'SHOW GLOBAL VARIABLES';
export const GLOBAL_STATUS = 'SHOW GLOBAL STATUS';
/** Aurora MySQL 1.x (5.6) has the function but not the variable; later versions have @@aurora_version. */
export const AURORA_VERSION_FUNCTION = 'SELECT AURORA_VERSION() AS aurora_version';
export const RDS_TABLES = `SELECT TABLE_NAME AS table_name FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME LIKE ?`;
export const RDS_TABLES_PATTERN = 'rds\\_%';
/**
 * RDS and Aurora settings that are not server variables, kept by mysql.rds_set_configuration
 * ('binlog retention hours', 'source delay', 'target delay'): what mysql.rds_show_configuration
 * prints, read as a table (a SELECT, where the procedure would need EXECUTE).
 */
export const RDS_CONFIGURATION = 'SELECT name, value, description FROM mysql.rds_configuration ORDER BY name';

export function replicaStatusSql(v: SqlVariant): string {
  return mysqlAtLeast(v, 80022) || mariadbAtLeast(v, 100501) ? 'SHOW REPLICA STATUS' : 'SHOW SLAVE STATUS';
}
/** MariaDB multi-source replication: one row per connection. */
export const ALL_REPLICAS_STATUS_MARIADB = 'SHOW ALL SLAVES STATUS';
export const BINARY_LOGS = 'SHOW BINARY LOGS';
export function binlogStatusSql(v: SqlVariant): string {
  // MySQL 8.2 added SHOW BINARY LOG STATUS and 8.4 removed SHOW MASTER STATUS.
  return mysqlAtLeast(v, 80200) ? 'SHOW BINARY LOG STATUS' : 'SHOW MASTER STATUS';
}

export const USER_PRIVILEGES = `SELECT GRANTEE AS grantee, PRIVILEGE_TYPE AS privilege_type, IS_GRANTABLE AS is_grantable
  FROM information_schema.USER_PRIVILEGES ORDER BY GRANTEE, PRIVILEGE_TYPE`;

// Accounts: never authentication_string / Password (nor the Priv JSON as a whole, which holds them).
/** MariaDB 10.4+: mysql.user is a view over mysql.global_priv, and account locking lives only in the JSON. */
export const USERS_MARIADB_104 = `SELECT User AS user, Host AS host, JSON_VALUE(Priv, '$.plugin') AS plugin,
  IF(JSON_VALUE(Priv, '$.account_locked') IN ('1', 'true'), 'Y', 'N') AS account_locked,
  IF(JSON_VALUE(Priv, '$.password_last_changed') = '0', 'Y', 'N') AS password_expired,
  IF(JSON_VALUE(Priv, '$.is_role') IN ('1', 'true'), 'Y', 'N') AS is_role
  FROM mysql.global_priv ORDER BY User, Host`;
export const USERS_MARIADB_OLD = `SELECT User AS user, Host AS host, plugin AS plugin, is_role AS is_role
  FROM mysql.user ORDER BY User, Host`;
export const USERS_MYSQL_57 = `SELECT User AS user, Host AS host, plugin AS plugin, account_locked AS account_locked,
  password_expired AS password_expired FROM mysql.user ORDER BY User, Host`;
export const USERS_MYSQL_56 = `SELECT User AS user, Host AS host, plugin AS plugin, password_expired AS password_expired
  FROM mysql.user ORDER BY User, Host`;
export function usersSql(v: SqlVariant): string {
  if (v.mariadb) return v.versionNum >= 100400 ? USERS_MARIADB_104 : USERS_MARIADB_OLD;
  return v.versionNum >= 50706 ? USERS_MYSQL_57 : USERS_MYSQL_56;
}

export function pluginsSql(v: SqlVariant): string {
  return `SELECT PLUGIN_NAME AS plugin_name, PLUGIN_VERSION AS plugin_version, PLUGIN_STATUS AS plugin_status,
  PLUGIN_TYPE AS plugin_type, PLUGIN_LIBRARY AS plugin_library, PLUGIN_LICENSE AS plugin_license, LOAD_OPTION AS load_option${
    v.mariadb ? ', PLUGIN_MATURITY AS plugin_maturity' : ''
  }
  FROM information_schema.PLUGINS ORDER BY PLUGIN_NAME`;
}

export const ENGINES = `SELECT ENGINE AS engine, SUPPORT AS support, COMMENT AS comment, TRANSACTIONS AS transactions,
  XA AS xa, SAVEPOINTS AS savepoints FROM information_schema.ENGINES ORDER BY ENGINE`;

export function schemataSql(v: SqlVariant): string {
  const extra = mariadbAtLeast(v, 100500) ? ', SCHEMA_COMMENT AS schema_comment' : mysqlAtLeast(v, 80016) ? ', DEFAULT_ENCRYPTION AS default_encryption' : '';
  return `SELECT SCHEMA_NAME AS schema_name, DEFAULT_CHARACTER_SET_NAME AS default_character_set_name,
  DEFAULT_COLLATION_NAME AS default_collation_name${extra} FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME`;
}

/** Every schema, system ones included: their sum is the server size. */
export const SCHEMA_SIZES = `SELECT TABLE_SCHEMA AS table_schema, COUNT(*) AS table_count, SUM(DATA_LENGTH) AS data_bytes,
  SUM(INDEX_LENGTH) AS index_bytes, SUM(DATA_FREE) AS free_bytes
  FROM information_schema.TABLES GROUP BY TABLE_SCHEMA ORDER BY TABLE_SCHEMA`;

// ---------------------------------------------------------------- per schema

export const TABLES = `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, TABLE_TYPE AS table_type,
  ENGINE AS engine, ROW_FORMAT AS row_format, CREATE_OPTIONS AS create_options, TABLE_ROWS AS table_rows,
  AVG_ROW_LENGTH AS avg_row_length, DATA_LENGTH AS data_length, INDEX_LENGTH AS index_length, DATA_FREE AS data_free,
  AUTO_INCREMENT AS auto_increment, TABLE_COLLATION AS table_collation, TABLE_COMMENT AS table_comment,
  CREATE_TIME AS create_time, UPDATE_TIME AS update_time
  FROM information_schema.TABLES WHERE TABLE_SCHEMA IN {schemas} ORDER BY TABLE_SCHEMA, TABLE_NAME`;

export function columnsSql(v: SqlVariant): string {
  let extra = '';
  // GENERATION_EXPRESSION: MySQL 5.7.6+, MariaDB 10.2.5+ (which also has IS_GENERATED).
  if (mysqlAtLeast(v, 50706) || mariadbAtLeast(v, 100205)) extra += ', GENERATION_EXPRESSION AS generation_expression';
  if (mariadbAtLeast(v, 100205)) extra += ', IS_GENERATED AS is_generated';
  if (mysqlAtLeast(v, 80003)) extra += ', SRS_ID AS srs_id';
  return `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, COLUMN_NAME AS column_name,
  ORDINAL_POSITION AS ordinal_position, COLUMN_DEFAULT AS column_default, IS_NULLABLE AS is_nullable,
  DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, CHARACTER_MAXIMUM_LENGTH AS character_maximum_length,
  NUMERIC_PRECISION AS numeric_precision, NUMERIC_SCALE AS numeric_scale, CHARACTER_SET_NAME AS character_set_name,
  COLLATION_NAME AS collation_name, COLUMN_KEY AS column_key, EXTRA AS extra, COLUMN_COMMENT AS column_comment${extra}
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN {schemas} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`;
}

/**
 * MariaDB 10.2.7+ writes COLUMN_DEFAULT as an SQL literal ('abc' quoted, NULL as the text NULL,
 * CURRENT_TIMESTAMP as current_timestamp()); MySQL gives the bare value and SQL NULL.
 */
export const columnDefaultsAreLiterals = (v: SqlVariant): boolean => mariadbAtLeast(v, 100207);

export function indexesSql(v: SqlVariant): string {
  let extra = '';
  if (mysqlAtLeast(v, 80013)) extra += ', EXPRESSION AS expression';
  if (mysqlAtLeast(v, 80000)) extra += ', IS_VISIBLE AS is_visible';
  if (mariadbAtLeast(v, 100600)) extra += ', IGNORED AS ignored';
  return `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, INDEX_NAME AS index_name,
  NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq_in_index, COLUMN_NAME AS column_name, SUB_PART AS sub_part,
  COLLATION AS collation, CARDINALITY AS cardinality, NULLABLE AS nullable, INDEX_TYPE AS index_type,
  COMMENT AS comment, INDEX_COMMENT AS index_comment${extra}
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN {schemas}
  ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
}

/**
 * PRIMARY KEY, UNIQUE and FOREIGN KEY constraints, and (next query) their columns in order.
 * Two queries, joined by the analyzer: MariaDB joins two information_schema tables as a
 * nested loop over both, which took over 10 s at 5,000 tables; each alone takes well
 * under a second.
 */
export const KEY_CONSTRAINTS = `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name,
  CONSTRAINT_SCHEMA AS constraint_schema, CONSTRAINT_NAME AS constraint_name, CONSTRAINT_TYPE AS constraint_type
  FROM information_schema.TABLE_CONSTRAINTS
  WHERE TABLE_SCHEMA IN {schemas} AND CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
  ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`;

/** Columns of every key (PK, UNIQUE, FK) with their order and, for FKs, the referenced column. */
export const KEY_COLUMNS = `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name,
  CONSTRAINT_SCHEMA AS constraint_schema, CONSTRAINT_NAME AS constraint_name, COLUMN_NAME AS column_name,
  ORDINAL_POSITION AS ordinal_position, POSITION_IN_UNIQUE_CONSTRAINT AS position_in_unique_constraint,
  REFERENCED_TABLE_SCHEMA AS referenced_table_schema, REFERENCED_TABLE_NAME AS referenced_table_name,
  REFERENCED_COLUMN_NAME AS referenced_column_name
  FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA IN {schemas}
  ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`;

export const FOREIGN_KEYS = `SELECT CONSTRAINT_SCHEMA AS constraint_schema, CONSTRAINT_NAME AS constraint_name,
  TABLE_NAME AS table_name, REFERENCED_TABLE_NAME AS referenced_table_name,
  UNIQUE_CONSTRAINT_SCHEMA AS unique_constraint_schema, UNIQUE_CONSTRAINT_NAME AS unique_constraint_name,
  MATCH_OPTION AS match_option, UPDATE_RULE AS update_rule, DELETE_RULE AS delete_rule
  FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN {schemas}
  ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`;

/** MariaDB 10.5.10+: TABLE_NAME and LEVEL (Column / Table). */
export const CHECKS_MARIADB_LEVEL = `SELECT CONSTRAINT_SCHEMA AS constraint_schema, TABLE_NAME AS table_name,
  CONSTRAINT_NAME AS constraint_name, LEVEL AS level, CHECK_CLAUSE AS check_clause
  FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN {schemas}
  ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`;
/** MariaDB 10.2.22+ / 10.3.10+ before LEVEL. */
export const CHECKS_MARIADB = `SELECT CONSTRAINT_SCHEMA AS constraint_schema, TABLE_NAME AS table_name,
  CONSTRAINT_NAME AS constraint_name, CHECK_CLAUSE AS check_clause
  FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN {schemas}
  ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`;
/** MySQL 8.0.16+: no table column; the table and ENFORCED come from TABLE_CONSTRAINTS. */
export const CHECKS_MYSQL = `SELECT cc.CONSTRAINT_SCHEMA AS constraint_schema, tc.TABLE_NAME AS table_name,
  cc.CONSTRAINT_NAME AS constraint_name, cc.CHECK_CLAUSE AS check_clause, tc.ENFORCED AS enforced
  FROM information_schema.CHECK_CONSTRAINTS cc
  JOIN information_schema.TABLE_CONSTRAINTS tc
    ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME
   AND tc.CONSTRAINT_TYPE = 'CHECK'
  WHERE cc.CONSTRAINT_SCHEMA IN {schemas} AND tc.TABLE_SCHEMA IN {schemas}
  ORDER BY cc.CONSTRAINT_SCHEMA, tc.TABLE_NAME, cc.CONSTRAINT_NAME`;
/** Null where the server has no readable CHECK constraints (MySQL before 8.0.16 parses and ignores them). */
export function checksSql(v: SqlVariant): string | null {
  if (mariadbAtLeast(v, 100510)) return CHECKS_MARIADB_LEVEL;
  if (mariadbAtLeast(v, 100310) || (mariadbAtLeast(v, 100222) && v.versionNum < 100300)) return CHECKS_MARIADB;
  if (mysqlAtLeast(v, 80016)) return CHECKS_MYSQL;
  return null;
}

export function viewsSql(v: SqlVariant): string {
  // MySQL's VIEWS has no ALGORITHM (only SHOW CREATE VIEW, one query per view: not run); MariaDB 10.1.3+ has it.
  const algorithm = mariadbAtLeast(v, 100103) ? ', ALGORITHM AS algorithm' : '';
  return `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, VIEW_DEFINITION AS view_definition,
  CHECK_OPTION AS check_option, IS_UPDATABLE AS is_updatable, DEFINER AS definer, SECURITY_TYPE AS security_type,
  CHARACTER_SET_CLIENT AS character_set_client, COLLATION_CONNECTION AS collation_connection${algorithm}
  FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN {schemas} ORDER BY TABLE_SCHEMA, TABLE_NAME`;
}

/** ROUTINE_DEFINITION is NULL unless the user may see the body (definer, SHOW_ROUTINE, or SELECT on mysql.proc / global SELECT). */
export const ROUTINES = `SELECT ROUTINE_SCHEMA AS routine_schema, ROUTINE_NAME AS routine_name, SPECIFIC_NAME AS specific_name,
  ROUTINE_TYPE AS routine_type, DATA_TYPE AS data_type, DTD_IDENTIFIER AS dtd_identifier, ROUTINE_BODY AS routine_body,
  ROUTINE_DEFINITION AS routine_definition, IS_DETERMINISTIC AS is_deterministic, SQL_DATA_ACCESS AS sql_data_access,
  SECURITY_TYPE AS security_type, DEFINER AS definer, SQL_MODE AS sql_mode, ROUTINE_COMMENT AS routine_comment,
  CREATED AS created, LAST_ALTERED AS last_altered, CHARACTER_SET_CLIENT AS character_set_client,
  COLLATION_CONNECTION AS collation_connection, DATABASE_COLLATION AS database_collation
  FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN {schemas} ORDER BY ROUTINE_SCHEMA, ROUTINE_TYPE, ROUTINE_NAME`;

/** Ordinal 0 is a function's return value (PARAMETER_MODE and PARAMETER_NAME NULL). */
export const PARAMETERS = `SELECT SPECIFIC_SCHEMA AS specific_schema, SPECIFIC_NAME AS specific_name, ROUTINE_TYPE AS routine_type,
  ORDINAL_POSITION AS ordinal_position, PARAMETER_MODE AS parameter_mode, PARAMETER_NAME AS parameter_name,
  DATA_TYPE AS data_type, DTD_IDENTIFIER AS dtd_identifier
  FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA IN {schemas}
  ORDER BY SPECIFIC_SCHEMA, SPECIFIC_NAME, ORDINAL_POSITION`;

/** Lists only triggers on tables where the user holds TRIGGER. */
export const TRIGGERS = `SELECT TRIGGER_SCHEMA AS trigger_schema, TRIGGER_NAME AS trigger_name,
  EVENT_MANIPULATION AS event_manipulation, EVENT_OBJECT_SCHEMA AS event_object_schema,
  EVENT_OBJECT_TABLE AS event_object_table, ACTION_TIMING AS action_timing, ACTION_ORIENTATION AS action_orientation,
  ACTION_ORDER AS action_order, ACTION_STATEMENT AS action_statement, DEFINER AS definer, SQL_MODE AS sql_mode,
  CREATED AS created, CHARACTER_SET_CLIENT AS character_set_client, COLLATION_CONNECTION AS collation_connection,
  DATABASE_COLLATION AS database_collation
  FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA IN {schemas}
  ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`;

/** Lists only events in schemas where the user holds EVENT. */
export const EVENTS = `SELECT EVENT_SCHEMA AS event_schema, EVENT_NAME AS event_name, DEFINER AS definer, TIME_ZONE AS time_zone,
  EVENT_BODY AS event_body, EVENT_DEFINITION AS event_definition, EVENT_TYPE AS event_type, EXECUTE_AT AS execute_at,
  INTERVAL_VALUE AS interval_value, INTERVAL_FIELD AS interval_field, SQL_MODE AS sql_mode, STARTS AS starts,
  ENDS AS ends, STATUS AS status, ON_COMPLETION AS on_completion, CREATED AS created, LAST_ALTERED AS last_altered,
  LAST_EXECUTED AS last_executed, EVENT_COMMENT AS event_comment, ORIGINATOR AS originator
  FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN {schemas} ORDER BY EVENT_SCHEMA, EVENT_NAME`;

export const PARTITIONS = `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, PARTITION_NAME AS partition_name,
  SUBPARTITION_NAME AS subpartition_name, PARTITION_ORDINAL_POSITION AS partition_ordinal_position,
  SUBPARTITION_ORDINAL_POSITION AS subpartition_ordinal_position, PARTITION_METHOD AS partition_method,
  SUBPARTITION_METHOD AS subpartition_method, PARTITION_EXPRESSION AS partition_expression,
  SUBPARTITION_EXPRESSION AS subpartition_expression, PARTITION_DESCRIPTION AS partition_description,
  TABLE_ROWS AS table_rows, DATA_LENGTH AS data_length, INDEX_LENGTH AS index_length,
  PARTITION_COMMENT AS partition_comment, TABLESPACE_NAME AS tablespace_name
  FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA IN {schemas} AND PARTITION_NAME IS NOT NULL
  ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION`;

/** Sequences are MariaDB 10.3+ tables (TABLE_TYPE = 'SEQUENCE'); their options are the one row of each. */
export const hasSequences = (v: SqlVariant): boolean => mariadbAtLeast(v, 100300);
/** At most this many sequences are read, all in one UNION ALL query; the rest is recorded as truncated. */
export const MAX_SEQUENCES = 200;
const SEQUENCE_ROW = `SELECT ? AS sequence_schema, ? AS sequence_name, start_value, minimum_value, maximum_value,
  \`increment\`, cache_size, cycle_option, cycle_count, next_not_cached_value FROM `;
/** One query for every listed sequence: identifiers quoted, schema and name bound as values. */
export function sequencesSql(seqs: { schema: string; name: string }[]): { sql: string; params: string[] } {
  return {
    sql: seqs.map((s) => `${SEQUENCE_ROW}${quoteIdent(s.schema)}.${quoteIdent(s.name)}`).join('\nUNION ALL\n'),
    params: seqs.flatMap((s) => [s.schema, s.name]),
  };
}

/** Per-schema kinds in the order they run; the key is the query name and the key of databases[].rows. */
export function schemaKinds(v: SqlVariant): { name: string; sql: string }[] {
  const kinds: { name: string; sql: string | null }[] = [
    { name: 'tables', sql: TABLES },
    { name: 'columns', sql: columnsSql(v) },
    { name: 'indexes', sql: indexesSql(v) },
    { name: 'constraints', sql: KEY_CONSTRAINTS },
    { name: 'key_columns', sql: KEY_COLUMNS },
    { name: 'foreign_keys', sql: FOREIGN_KEYS },
    { name: 'checks', sql: checksSql(v) },
    { name: 'views', sql: viewsSql(v) },
    { name: 'routines', sql: ROUTINES },
    { name: 'parameters', sql: PARAMETERS },
    { name: 'triggers', sql: TRIGGERS },
    { name: 'events', sql: EVENTS },
    { name: 'partitions', sql: PARTITIONS },
  ];
  return kinds.filter((k): k is { name: string; sql: string } => k.sql !== null);
}

// ---------------------------------------------------------------- helpers

/** Expands each `{schemas}` to `(?, …)`, one placeholder per schema, and repeats the values per occurrence. */
export function bindSchemas(sql: string, schemas: string[]): { sql: string; params: string[] } {
  if (schemas.length === 0) throw new Error('bindSchemas: no schemas');
  const occurrences = sql.split('{schemas}').length - 1;
  const list = `(${schemas.map(() => '?').join(', ')})`;
  return { sql: sql.replaceAll('{schemas}', list), params: Array.from({ length: occurrences }, () => schemas).flat() };
}

export function quoteIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
