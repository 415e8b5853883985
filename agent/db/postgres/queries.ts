/**
 * PostgreSQL catalog SQL: server level, workload, and the per-database kinds that are not
 * relations (schemas, routines, types, extensions, event triggers, table statistics). One
 * named query per kind of thing read.
 *
 * Rules for every query here and in relation-queries.ts:
 * - read-only SELECTs on `pg_catalog.`-qualified catalogs and functions;
 * - no runtime value is ever put into SQL text: the texts are fixed when this module loads
 *   (some are assembled from constant fragments) and none of them needs a parameter;
 * - a difference between server versions (11–17) is a separate text chosen by
 *   `server_version_num` (see `sqlFor`), never a value spliced in.
 * The names are the keys of the rows in the bundle (`serverRows`, `databases[].rows`, workload).
 * Per-database queries on relations are in relation-queries.ts, which lists all of them in order.
 */

/** One SQL text and the oldest server_version_num it is written for. */
export interface PgQueryVariant {
  readonly since: number;
  readonly sql: string;
}

/** A named catalog query; `variants` are ordered newest first. */
export interface PgQuery {
  readonly name: string;
  readonly variants: readonly PgQueryVariant[];
  /** It takes locks that last until the transaction ends: run it in a savepoint rolled back after, to let them go. */
  readonly holdsLocks?: boolean;
  /** It takes locks that a savepoint does not let go: run it last, when nothing else of the read is left. */
  readonly locksUntilEnd?: boolean;
  /**
   * Its rows (many: one per column, relation or table) go straight into bundle JSON text as
   * they arrive (json-rows.ts); the collector reads what it needs of them as they pass.
   */
  readonly packed?: boolean;
}

/** The SQL text for a server: the newest variant whose `since` is not above its version (the oldest one below all). */
export function sqlFor(q: PgQuery, versionNum: number): string {
  for (const v of q.variants) if (versionNum >= v.since) return v.sql;
  return q.variants[q.variants.length - 1]!.sql;
}

export function query(name: string, sql: string): PgQuery {
  return { name, variants: [{ since: 0, sql }] };
}

export function holdsLocks(q: PgQuery): PgQuery {
  return { ...q, holdsLocks: true };
}

export function locksUntilEnd(q: PgQuery): PgQuery {
  return { ...q, locksUntilEnd: true };
}

export function packed(q: PgQuery): PgQuery {
  return { ...q, packed: true };
}

/** The oldest server version the catalog texts are written for. */
export const MIN_SUPPORTED_VERSION_NUM = 110000;

// ---------------------------------------------------------------------------------------------
// Server level: run over one connection to the maintenance database.
// ---------------------------------------------------------------------------------------------

/** Version, uptime, who we are and which predefined roles widen what we can see. */
export const SERVER = query(
  'server',
  `SELECT pg_catalog.version() AS version,
       pg_catalog.current_setting('server_version') AS server_version,
       pg_catalog.current_setting('server_version_num')::int AS server_version_num,
       pg_catalog.pg_postmaster_start_time() AS started_at,
       EXTRACT(EPOCH FROM pg_catalog.now() - pg_catalog.pg_postmaster_start_time())::float8 AS uptime_seconds,
       current_user AS current_user,
       session_user AS session_user,
       pg_catalog.current_database() AS current_database,
       pg_catalog.current_setting('is_superuser') = 'on' AS is_superuser,
       pg_catalog.pg_has_role('pg_read_all_settings', 'USAGE') AS read_all_settings,
       pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE') AS read_all_stats`,
);

/**
 * Evidence for RDS and Aurora that is not in pg_settings (rds.*, apg*, aurora* settings are
 * read from the settings rows). aurora_version() is looked up, never called blindly.
 */
export const FLAVOR = query(
  'flavor',
  `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.proname = 'aurora_version' AND p.pronargs = 0) AS has_aurora_version,
       EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = 'rds_superuser') AS has_rds_superuser_role,
       EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = 'rdsadmin') AS has_rdsadmin_role`,
);

/** Only run when FLAVOR found the function (it exists on Aurora PostgreSQL alone). */
export const AURORA_VERSION = query('aurora_version', `SELECT aurora_version() AS aurora_version`);

export const SETTINGS = query(
  'settings',
  `SELECT s.name, s.setting, s.unit, s.source, s.boot_val, s.reset_val, s.pending_restart, s.context, s.vartype
     FROM pg_catalog.pg_settings s
    ORDER BY s.name`,
);

export const RECOVERY = query(
  'recovery',
  `SELECT pg_catalog.pg_is_in_recovery() AS in_recovery,
       pg_catalog.pg_last_wal_receive_lsn()::text AS last_wal_receive_lsn,
       pg_catalog.pg_last_wal_replay_lsn()::text AS last_wal_replay_lsn,
       pg_catalog.pg_last_xact_replay_timestamp() AS last_xact_replay_at`,
);

/** Columns differ by version; the view's own columns are kept as they are. */
export const REPLICATION = query('replication', `SELECT r.* FROM pg_catalog.pg_stat_replication r ORDER BY r.pid`);

export const REPLICATION_SLOTS = query('replication_slots', `SELECT s.* FROM pg_catalog.pg_replication_slots s ORDER BY s.slot_name`);

/** pg_roles, never pg_authid, and never rolpassword. */
export const ROLES = query(
  'roles',
  `SELECT r.oid, r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
       r.rolreplication, r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil
     FROM pg_catalog.pg_roles r
    ORDER BY r.rolname`,
);

const roleMembershipsSql = (options: string) => `SELECT r.rolname AS role, m.rolname AS member, g.rolname AS grantor, am.admin_option${options}
     FROM pg_catalog.pg_auth_members am
     JOIN pg_catalog.pg_roles r ON r.oid = am.roleid
     JOIN pg_catalog.pg_roles m ON m.oid = am.member
     LEFT JOIN pg_catalog.pg_roles g ON g.oid = am.grantor
    ORDER BY 1, 2, 3`;

/** 16+: memberships carry their own INHERIT and SET options. */
export const ROLE_MEMBERSHIPS: PgQuery = {
  name: 'role_memberships',
  variants: [
    { since: 160000, sql: roleMembershipsSql(', am.inherit_option, am.set_option') },
    { since: 0, sql: roleMembershipsSql(', NULL::bool AS inherit_option, NULL::bool AS set_option') },
  ],
};

const databasesSql = (locale: string) => `SELECT d.oid, d.datname, pg_catalog.pg_encoding_to_char(d.encoding) AS encoding,
       d.datcollate, d.datctype${locale},
       d.datallowconn, d.datistemplate, d.datconnlimit,
       pg_catalog.pg_get_userbyid(d.datdba) AS owner, t.spcname AS tablespace,
       pg_catalog.has_database_privilege(d.oid, 'CONNECT') AS can_connect,
       pg_catalog.shobj_description(d.oid, 'pg_database') AS comment
     FROM pg_catalog.pg_database d
     LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = d.dattablespace
    ORDER BY d.datname`;

/** The databases; the collector picks what to read from these rows. Locale provider (ICU) columns: 15+ datlocprovider and daticulocale, renamed datlocale in 17. */
export const DATABASES: PgQuery = {
  name: 'databases',
  variants: [
    { since: 170000, sql: databasesSql(', d.datlocprovider AS locale_provider, d.datlocale AS locale') },
    { since: 150000, sql: databasesSql(', d.datlocprovider AS locale_provider, d.daticulocale AS locale') },
    { since: 0, sql: databasesSql(`, 'c'::"char" AS locale_provider, NULL::text AS locale`) },
  ],
};

/**
 * Sizes apart from the listing (they walk every file of every database; if they run out of
 * time the databases are still read). pg_database_size needs CONNECT or pg_read_all_stats.
 */
export const DATABASE_SIZES = query(
  'database_sizes',
  `SELECT d.datname,
       CASE WHEN pg_catalog.has_database_privilege(d.oid, 'CONNECT') OR pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE')
            THEN pg_catalog.pg_database_size(d.oid) END AS size_bytes
     FROM pg_catalog.pg_database d
    ORDER BY d.datname`,
);

export const TABLESPACES = query(
  'tablespaces',
  `SELECT t.oid, t.spcname, pg_catalog.pg_get_userbyid(t.spcowner) AS owner,
       pg_catalog.pg_tablespace_location(t.oid) AS location, t.spcoptions::text[] AS options
     FROM pg_catalog.pg_tablespace t
    ORDER BY t.spcname`,
);

export const PREPARED_XACTS = query(
  'prepared_xacts',
  `SELECT p.transaction::text AS transaction, p.gid, p.prepared, p.owner, p.database,
       EXTRACT(EPOCH FROM pg_catalog.now() - p.prepared)::float8 AS age_seconds
     FROM pg_catalog.pg_prepared_xacts p
    ORDER BY p.prepared`,
);

/** Transactions open for more than 10 minutes, without their query text. */
export const LONG_TRANSACTIONS = query(
  'long_transactions',
  `SELECT a.pid, a.usename, a.datname, a.application_name, a.backend_type, a.state, a.wait_event_type,
       a.xact_start, EXTRACT(EPOCH FROM pg_catalog.clock_timestamp() - a.xact_start)::float8 AS xact_age_seconds,
       a.backend_xmin::text AS backend_xmin
     FROM pg_catalog.pg_stat_activity a
    WHERE a.xact_start < pg_catalog.clock_timestamp() - interval '10 minutes'
      AND a.pid <> pg_catalog.pg_backend_pid()
    ORDER BY a.xact_start`,
);

/** The server-level queries in the order they run (AURORA_VERSION only when FLAVOR found it). */
export const SERVER_QUERIES: readonly PgQuery[] = [
  SETTINGS,
  RECOVERY,
  REPLICATION,
  REPLICATION_SLOTS,
  ROLES,
  ROLE_MEMBERSHIPS,
  DATABASES,
  DATABASE_SIZES,
  TABLESPACES,
  PREPARED_XACTS,
  LONG_TRANSACTIONS,
];

// ---------------------------------------------------------------------------------------------
// Per database, objects that are not relations (relations are in relation-queries.ts).
// ---------------------------------------------------------------------------------------------

/** A user schema; `alias` names a pg_namespace in the query. */
export const userSchema = (alias: string) => `${alias}.nspname <> 'information_schema' AND ${alias}.nspname !~ '^pg_'`;

/**
 * The object `oidExpr` of catalog `catalog` is not a member of an extension. A member's
 * pg_depend row (deptype 'e') always refers to its pg_extension row, and saying so lets the
 * server find the few such rows by the reference index instead of reading every dependency of
 * every relation (40 ms per query at 5,000 tables, in each of the relation queries).
 */
export const notExtensionMember = (catalog: string, oidExpr: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext WHERE ext.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND ext.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND ext.objid = ${oidExpr} AND ext.deptype = 'e')`;

/**
 * The comment of an object as a LEFT JOIN on pg_description (alias `alias`, its text is
 * `alias.description`), for `oidExpr` in catalog `catalog` and sub-object `subId` (a column's
 * attnum, else 0). Same row as obj_description / col_description, but joined once for the
 * whole query rather than one SQL-function call per row (0.8 s for 100,000 columns).
 */
export const commentJoin = (alias: string, catalog: string, oidExpr: string, subId = '0') =>
  `LEFT JOIN pg_catalog.pg_description ${alias} ON ${alias}.objoid = ${oidExpr} AND ${alias}.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND ${alias}.objsubid = ${subId}`;

export const SCHEMAS = query(
  'schemas',
  `SELECT n.oid, n.nspname AS name, pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
       ds.description AS comment
     FROM pg_catalog.pg_namespace n
     ${commentJoin('ds', 'pg_namespace', 'n.oid')}
    WHERE ${userSchema('n')} AND ${notExtensionMember('pg_namespace', 'n.oid')}
    ORDER BY n.nspname`,
);

/**
 * Functions (f), procedures (p), aggregates (a) and window functions (w). source is prosrc
 * (the body, or the C symbol); definition is pg_get_functiondef (it refuses aggregates),
 * the only text for SQL-standard bodies (BEGIN ATOMIC) whose prosrc is empty. Functions the
 * server made for a type (range and multirange constructors: internal dependency) are left out.
 */
export const ROUTINES = query(
  'routines',
  `SELECT p.oid, n.nspname AS schema, p.proname AS name, p.prokind AS kind, l.lanname AS language,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_catalog.pg_get_function_result(p.oid) AS result,
       p.prosrc AS source, p.probin AS library,
       CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END AS definition,
       p.prosecdef AS security_definer, p.provolatile AS volatility, p.proisstrict AS strict,
       p.proretset AS returns_set, p.proparallel AS parallel, p.proleakproof AS leakproof,
       p.procost AS cost, p.prorows AS rows, p.proconfig::text[] AS config,
       pg_catalog.pg_get_userbyid(p.proowner) AS owner,
       ag.aggkind AS agg_kind, ag.aggtransfn::text AS agg_transfn, NULLIF(ag.aggfinalfn::text, '-') AS agg_finalfn,
       pg_catalog.format_type(ag.aggtranstype, NULL) AS agg_state_type, ag.agginitval AS agg_initval,
       ds.description AS comment
     FROM pg_catalog.pg_proc p
     JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     JOIN pg_catalog.pg_language l ON l.oid = p.prolang
     LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
     ${commentJoin('ds', 'pg_proc', 'p.oid')}
    WHERE ${userSchema('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'i')
    ORDER BY n.nspname, p.proname, identity_arguments`,
);

export const ENUM_TYPES = query(
  'enum_types',
  `SELECT t.oid, n.nspname AS schema, t.typname AS name,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
       pg_catalog.pg_get_userbyid(t.typowner) AS owner,
       ds.description AS comment
     FROM pg_catalog.pg_type t
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     ${commentJoin('ds', 'pg_type', 't.oid')}
    WHERE t.typtype = 'e' AND ${userSchema('n')} AND ${notExtensionMember('pg_type', 't.oid')}
    ORDER BY n.nspname, t.typname`,
);

/** Free-standing composite types (CREATE TYPE … AS), not the row types of tables. */
export const COMPOSITE_TYPES = query(
  'composite_types',
  `SELECT t.oid, n.nspname AS schema, t.typname AS name,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                 'position', a.attnum, 'name', a.attname, 'data_type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                 'collation', CASE WHEN a.attcollation <> at.typcollation THEN co.collname END) ORDER BY a.attnum)
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
          LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
         WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS attributes,
       pg_catalog.pg_get_userbyid(t.typowner) AS owner,
       ds.description AS comment
     FROM pg_catalog.pg_type t
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     ${commentJoin('ds', 'pg_type', 't.oid')}
     JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
    WHERE t.typtype = 'c' AND ${userSchema('n')} AND ${notExtensionMember('pg_type', 't.oid')}
    ORDER BY n.nspname, t.typname`,
);

export const DOMAINS = query(
  'domains',
  `SELECT t.oid, n.nspname AS schema, t.typname AS name,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull AS not_null, t.typdefault AS default_expr, co.collname AS collation,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                 'name', con.conname, 'definition', pg_catalog.pg_get_constraintdef(con.oid, true), 'validated', con.convalidated)
                 ORDER BY con.conname)
          FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c') AS checks,
       pg_catalog.pg_get_userbyid(t.typowner) AS owner,
       ds.description AS comment
     FROM pg_catalog.pg_type t
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     ${commentJoin('ds', 'pg_type', 't.oid')}
     LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation AND t.typcollation <> 100
    WHERE t.typtype = 'd' AND ${userSchema('n')} AND ${notExtensionMember('pg_type', 't.oid')}
    ORDER BY n.nspname, t.typname`,
);

export const RANGE_TYPES = query(
  'range_types',
  `SELECT t.oid, n.nspname AS schema, t.typname AS name,
       pg_catalog.format_type(r.rngsubtype, NULL) AS subtype,
       opc.opcname AS subtype_opclass, co.collname AS collation,
       NULLIF(r.rngcanonical::text, '-') AS canonical_function, NULLIF(r.rngsubdiff::text, '-') AS subtype_diff_function,
       ds.description AS comment
     FROM pg_catalog.pg_type t
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     ${commentJoin('ds', 'pg_type', 't.oid')}
     JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
     LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
     LEFT JOIN pg_catalog.pg_collation co ON co.oid = r.rngcollation
    WHERE t.typtype = 'r' AND ${userSchema('n')} AND ${notExtensionMember('pg_type', 't.oid')}
    ORDER BY n.nspname, t.typname`,
);

export const EXTENSIONS = query(
  'extensions',
  `SELECT e.oid, e.extname AS name, e.extversion AS version, n.nspname AS schema, e.extrelocatable AS relocatable,
       pg_catalog.pg_get_userbyid(e.extowner) AS owner
     FROM pg_catalog.pg_extension e
     JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    ORDER BY e.extname`,
);

export const EVENT_TRIGGERS = query(
  'event_triggers',
  `SELECT et.oid, et.evtname AS name, et.evtevent AS event, et.evtenabled AS enabled, et.evttags::text[] AS tags,
       fn.nspname AS function_schema, p.proname AS function_name,
       pg_catalog.pg_get_userbyid(et.evtowner) AS owner
     FROM pg_catalog.pg_event_trigger et
     JOIN pg_catalog.pg_proc p ON p.oid = et.evtfoid
     JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace
    WHERE ${notExtensionMember('pg_event_trigger', 'et.oid')}
    ORDER BY et.evtname`,
);

/** Access counters per table since the last statistics reset; columns differ by version. */
export const TABLE_STATS = packed(query('table_stats', `SELECT s.* FROM pg_catalog.pg_stat_user_tables s ORDER BY s.schemaname, s.relname`));

// ---------------------------------------------------------------------------------------------
// Workload: cluster-wide counters, readable from any database, outside any snapshot.
// ---------------------------------------------------------------------------------------------

/** Columns differ by version (12+ checksums, 14+ session times); kept as the server reports them. */
export const STAT_DATABASE = query('stat_database', `SELECT d.* FROM pg_catalog.pg_stat_database d ORDER BY d.datname NULLS FIRST`);

/** Sessions grouped by database, user, state and backend type, with the connection limit. */
export const ACTIVITY = query(
  'activity',
  `SELECT a.datname, a.usename, a.state, a.backend_type, pg_catalog.count(*)::int AS connections,
       pg_catalog.current_setting('max_connections')::int AS max_connections,
       pg_catalog.current_setting('superuser_reserved_connections')::int AS superuser_reserved_connections
     FROM pg_catalog.pg_stat_activity a
    GROUP BY a.datname, a.usename, a.state, a.backend_type
    ORDER BY a.datname NULLS FIRST, a.usename NULLS FIRST, a.state NULLS FIRST, a.backend_type`,
);

/**
 * The WAL position: its change between the two snapshots is the volume of changes a logical
 * replication or DMS CDC has to carry. On a standby, the last position received. Bytes as text
 * (numeric), since a position can pass 2^53.
 */
export const WAL_POSITION = query(
  'wal_position',
  `SELECT pg_catalog.pg_is_in_recovery() AS in_recovery,
       (CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_receive_lsn() ELSE pg_catalog.pg_current_wal_lsn() END)::text AS lsn,
       pg_catalog.pg_wal_lsn_diff(CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_receive_lsn() ELSE pg_catalog.pg_current_wal_lsn() END, '0/0')::text AS bytes`,
);

export const WORKLOAD_QUERIES: readonly PgQuery[] = [STAT_DATABASE, ACTIVITY, WAL_POSITION];
