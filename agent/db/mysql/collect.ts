/**
 * MySQL / MariaDB collector (mysql:// and mariadb://): reads the server's catalog read-only and
 * keeps RAW rows, keyed by query name; the analyzer maps them. One connection at a time.
 *
 * Query counts do not grow with tables: server-level queries are fixed, and each object kind is
 * one query for all selected schemas (MySQL 8) or one per schema (MariaDB, MySQL 5.x: see
 * bulkSchemaFilter). Sequence options (MariaDB) are one UNION ALL query for all sequences.
 */
import type { Connection } from 'mysql2/promise';
import type { DatabaseServer, RawRows, WorkloadSnapshot } from '../../bundle/schema.js';
import type { QueryRecorder } from '../query-recorder.js';
import type { DbTarget, EngineCollector, ServerReading } from '../types.js';
import * as Q from './queries.js';
import type { SqlVariant } from './queries.js';
import { close, detectFlavor, openSession, query, type Session } from './session.js';
import { isSelected } from '../targets.js';

export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['mysql', 'information_schema', 'performance_schema', 'sys']);

export const mysqlCollector: EngineCollector = {
  async readWorkload(target, opts, rec) {
    const s = await openSession(target, opts, rec);
    try {
      return await readGlobalStatus(s.conn, rec);
    } finally {
      await close(s.conn);
    }
  },

  async collectServer(target, opts, rec) {
    const s = await openSession(target, opts, rec);
    try {
      return await collect(s, target, rec);
    } finally {
      await close(s.conn);
    }
  },
};

async function readGlobalStatus(conn: Connection, rec: QueryRecorder): Promise<WorkloadSnapshot | null> {
  const rows = await rec.run('global_status', null, () => query(conn, Q.GLOBAL_STATUS));
  return rows ? { at: new Date().toISOString(), rows: { global_status: rows } } : null;
}

/** target.database alone if set; else every non-system schema; then include / exclude globs. */
export function selectSchemas(all: string[], target: Pick<DbTarget, 'database' | 'include' | 'exclude'>): string[] {
  const names = target.database ? all.filter((n) => n === target.database) : all.filter((n) => !SYSTEM_SCHEMAS.has(n));
  return names.filter((n) => isSelected(target, n));
}

/** `scout@%` → `'scout'@'%'`, the USER_PRIVILEGES grantee form. */
export function grantee(account: string): string | null {
  const at = account.lastIndexOf('@');
  if (at < 0) return null;
  return `'${account.slice(0, at)}'@'${account.slice(at + 1)}'`;
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v));
const str = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));

async function collect(s: Session, target: DbTarget, rec: QueryRecorder): Promise<ServerReading> {
  const { conn, variant: v } = s;
  const serverRows: DatabaseServer['serverRows'] = {};
  const runRows: Run = (name, database, sql, params = []) => rec.run(name, database, () => query(conn, sql, params));
  /** A server-level query: its rows are kept in serverRows under its name. */
  const run = async (name: string, database: null, sql: string, params: unknown[] = []): Promise<RawRows | null> => {
    const rows = await runRows(name, database, sql, params);
    if (rows) serverRows[name] = rows;
    return rows;
  };
  const denied = (): boolean => rec.stats.at(-1)?.error === 'permission_denied';
  if (s.versionRows) serverRows.version = s.versionRows;

  // Settings.
  const variables = await run('variables', null, Q.VARIABLES);
  const vars = new Map((variables ?? []).map((r) => [String(r.Variable_name), String(r.Value ?? '')]));

  // Replication.
  await run('replica_status', null, Q.replicaStatusSql(v));
  if (denied()) {
    rec.limitDenied('replica_status', {
      collector: 'db:replica_status',
      code: 'permission_denied',
      message: v.mariadb
        ? 'replica status not readable: SHOW REPLICA STATUS needs SLAVE MONITOR (MariaDB 10.5.9+; REPLICATION CLIENT became BINLOG MONITOR there and no longer covers it) or SUPER'
        : 'replica status not readable: SHOW REPLICA STATUS needs REPLICATION CLIENT or SUPER',
    });
  } else if (v.mariadb) {
    await run('all_replicas_status', null, Q.ALL_REPLICAS_STATUS_MARIADB);
  }
  if (vars.get('log_bin') !== 'OFF') {
    // With the binary log off SHOW BINARY LOGS is an error and the status is empty: log_bin in variables says so.
    await run('binary_logs', null, Q.BINARY_LOGS);
    if (denied()) {
      rec.limitDenied('binary_logs', {
        collector: 'db:binary_logs',
        code: 'permission_denied',
        message: `binary logs and position not read: SHOW BINARY LOGS / MASTER STATUS need ${v.mariadb ? 'BINLOG MONITOR (MariaDB 10.5.2+; formerly REPLICATION CLIENT)' : 'REPLICATION CLIENT'} or SUPER`,
      });
    } else {
      await run('binlog_status', null, Q.binlogStatusSql(v));
    }
  }

  // Accounts, without any credential column.
  const privileges = await run('user_privileges', null, Q.USER_PRIVILEGES);
  const users = await run('users', null, Q.usersSql(v));
  if (!users) {
    rec.limitDenied('users', {
      collector: 'db:users',
      code: denied() ? 'permission_denied' : 'not_available',
      message: `${v.mariadb && v.versionNum >= 100400 ? 'mysql.global_priv' : 'mysql.user'} is not readable: accounts come only from information_schema.USER_PRIVILEGES grantees (no plugin, lock or expiry state)`,
    });
  }

  await run('plugins', null, Q.pluginsSql(v));
  await run('engines', null, Q.ENGINES);
  const schemata = await run('schemata', null, Q.schemataSql(v));
  const sizes = await run('schema_sizes', null, Q.SCHEMA_SIZES);

  // Flavor: Aurora / RDS evidence beyond the version text is looked for only when needed.
  const versionRow = s.versionRow;
  const basedir = String(versionRow?.basedir ?? vars.get('basedir') ?? '');
  let auroraFunctionVersion: string | null = null;
  if (!vars.has('aurora_version') && basedir.includes('/rdsdbbin/oscar')) {
    auroraFunctionVersion = str((await run('aurora_version', null, Q.AURORA_VERSION_FUNCTION))?.[0]?.aurora_version);
  }
  const accounts = [...(privileges ?? []).map((r) => String(r.grantee)), ...(users ?? []).map((r) => `'${String(r.user)}'@'${String(r.host)}'`)];
  const facts = { versionRow, variables: vars, accounts, rdsTables: [] as string[], auroraFunctionVersion };
  if (!vars.has('aurora_version') && !detectFlavor(facts).flavor.startsWith('rds-')) {
    facts.rdsTables = ((await run('rds_tables', null, Q.RDS_TABLES, [Q.RDS_TABLES_PATTERN])) ?? []).map((r) => String(r.table_name));
  }
  const { flavor, evidence } = detectFlavor(facts);
  // RDS and Aurora keep the binary log retention (what DMS change data capture needs) outside
  // the variables. Read whether or not information_schema lists the table: it lists only the
  // tables the user has a privilege on.
  if (flavor.startsWith('rds-') || flavor === 'aurora-mysql') {
    const config = await run('rds_configuration', null, Q.RDS_CONFIGURATION);
    const failure = config ? null : rec.stats.at(-1)?.error;
    if (failure) {
      rec.limitInstead('rds_configuration', ['permission_denied', 'query_failed'], {
        collector: 'db:rds_configuration',
        code: failure === 'permission_denied' ? 'permission_denied' : 'not_available',
        message:
          failure === 'permission_denied'
            ? 'mysql.rds_configuration not readable (SELECT on mysql.*): the binlog retention hours are unknown'
            : 'mysql.rds_configuration could not be read: the binlog retention hours are unknown',
      });
    }
  }

  // The analyzer needs to know how COLUMN_DEFAULT is written (not a query: a fact of the version).
  serverRows.catalog_conventions = [
    {
      column_default_literals: Q.columnDefaultsAreLiterals(v),
      note: Q.columnDefaultsAreLiterals(v)
        ? "MariaDB 10.2.7+: COLUMN_DEFAULT is an SQL literal ('text' quoted, NULL as the text NULL, functions as current_timestamp())"
        : 'MySQL: COLUMN_DEFAULT is the bare value, SQL NULL for no default; expression defaults carry DEFAULT_GENERATED in EXTRA (8.0.13+)',
      statement_timeout: s.statementTimeout,
      schema_filter: Q.bulkSchemaFilter(v) ? 'one query per kind for all schemas' : 'one query per kind per schema',
    },
  ];

  // Schemas.
  const allSchemas = schemata ? schemata.map((r) => String(r.schema_name)) : target.database ? [target.database] : [];
  const selected = selectSchemas(allSchemas, target);
  if (target.database && !allSchemas.includes(target.database)) {
    rec.fail('database', target.database, 'schemata', {
      errno: 1049,
      message: `Unknown database '${target.database}' (not in information_schema.SCHEMATA as ${str(versionRow?.current_account) ?? target.user})`,
    });
  }
  const perSchema = await collectSchemas(runRows, v, selected, rec);

  // What the user could not see.
  noteHidden(rec, v, perSchema, privileges, str(versionRow?.current_account));

  const sizeOf = new Map((sizes ?? []).map((r) => [String(r.table_schema), (num(r.data_bytes) ?? 0) + (num(r.index_bytes) ?? 0)]));
  const databases: DatabaseServer['databases'] = selected.map((name) => ({
    name,
    sizeBytes: sizes ? (sizeOf.get(name) ?? 0) : null,
    rows: perSchema.get(name) ?? {},
  }));

  const workloadEnd = await readGlobalStatus(conn, rec);
  const uptime = workloadEnd?.rows.global_status?.find((r) => r.Variable_name === 'Uptime')?.Value;
  const version = str(versionRow?.version);
  return {
    server: version
      ? {
          version,
          versionNum: v.versionNum,
          flavor,
          flavorEvidence: evidence,
          uptimeSeconds: num(uptime),
          currentUser: str(versionRow?.current_account),
          sizeBytes: sizes ? [...sizeOf.values()].reduce((a, b) => a + b, 0) : null,
        }
      : null,
    serverRows,
    databases,
    workloadEnd,
  };
}

type Run = (name: string, database: string | null, sql: string, params?: unknown[]) => Promise<RawRows | null>;

/** Every per-schema query selects its schema as the first column: rows are grouped on it. */
function schemaOf(row: RawRows[number]): string {
  return String(Object.values(row)[0]);
}

async function collectSchemas(run: Run, v: SqlVariant, selected: string[], rec: QueryRecorder): Promise<Map<string, Record<string, RawRows>>> {
  const perSchema = new Map<string, Record<string, RawRows>>(selected.map((n) => [n, {}]));
  if (!selected.length) return perSchema;
  const distribute = (kind: string, rows: RawRows | null): void => {
    if (!rows) return;
    for (const entry of perSchema.values()) entry[kind] = [];
    for (const row of rows) perSchema.get(schemaOf(row))?.[kind]?.push(row);
  };

  for (const kind of Q.schemaKinds(v)) {
    if (Q.bulkSchemaFilter(v)) {
      const b = Q.bindSchemas(kind.sql, selected);
      distribute(kind.name, await run(kind.name, null, b.sql, b.params));
    }
  }
  if (!Q.bulkSchemaFilter(v)) {
    for (const name of selected) {
      for (const kind of Q.schemaKinds(v)) {
        const b = Q.bindSchemas(kind.sql, [name]);
        const rows = await run(kind.name, name, b.sql, b.params);
        if (rows) perSchema.get(name)![kind.name] = rows;
      }
    }
  }

  if (Q.hasSequences(v)) {
    const seqs = [...perSchema.entries()].flatMap(([schema, rows]) =>
      (rows.tables ?? []).filter((t) => t.table_type === 'SEQUENCE').map((t) => ({ schema, name: String(t.table_name) })),
    );
    const read = seqs.slice(0, Q.MAX_SEQUENCES);
    if (seqs.length > read.length) {
      rec.limit({ collector: 'db:sequences', code: 'truncated', message: `sequence options read for the first ${read.length} of ${seqs.length} sequences`, affected: seqs.length - read.length });
    }
    if (read.length) {
      const q = Q.sequencesSql(read);
      const rows = await run('sequences', null, q.sql, q.params);
      if (rows) distribute('sequences', rows);
      else
        rec.limit({
          collector: 'db:sequences',
          code: rec.stats.at(-1)?.error === 'permission_denied' ? 'permission_denied' : 'not_available',
          message: 'sequence options not read (reading them needs SELECT on each sequence); the sequences are still listed in tables (table_type SEQUENCE)',
          affected: read.length,
        });
    } else {
      for (const entry of perSchema.values()) if (entry.tables) entry.sequences = [];
    }
  }
  return perSchema;
}

function noteHidden(rec: QueryRecorder, v: SqlVariant, perSchema: Map<string, Record<string, RawRows>>, privileges: RawRows | null, account: string | null): void {
  const all = (kind: string): RawRows => [...perSchema.values()].flatMap((r) => r[kind] ?? []);
  const hiddenBodies = all('routines').filter((r) => r.routine_definition === null).length;
  if (hiddenBodies) {
    rec.limit({
      collector: 'db:routines',
      code: 'permission_denied',
      message: `${hiddenBodies} routine bodies hidden (ROUTINE_DEFINITION NULL): reading them needs ${v.mariadb ? 'SELECT on mysql.proc (or being the definer)' : 'SHOW_ROUTINE (8.0.20+) or global SELECT (or being the definer)'}`,
      affected: hiddenBodies,
    });
  }
  const hiddenViews = all('views').filter((r) => r.view_definition === '' || r.view_definition === null).length;
  if (hiddenViews) {
    rec.limit({ collector: 'db:views', code: 'permission_denied', message: `${hiddenViews} view definitions hidden: reading them needs SHOW VIEW (or being the definer)`, affected: hiddenViews });
  }
  // TRIGGERS and EVENTS silently leave out what the user holds no TRIGGER / EVENT privilege for.
  const me = account ? grantee(account) : null;
  if (!privileges || !me || perSchema.size === 0) return;
  const held = new Set(privileges.filter((r) => r.grantee === me).map((r) => String(r.privilege_type)));
  if (!held.has('SELECT') && !held.has('SHOW_ROUTINE')) {
    rec.limit({
      collector: 'db:routines',
      code: 'permission_denied',
      message: `routines may be missing: information_schema.ROUTINES lists only those ${me} defined or holds a privilege on, without global SELECT${v.mariadb ? '' : ' or SHOW_ROUTINE'}`,
    });
  }
  for (const [priv, kind] of [
    ['TRIGGER', 'triggers'],
    ['EVENT', 'events'],
  ] as const) {
    if (held.has(priv)) continue;
    rec.limit({
      collector: `db:${kind}`,
      code: 'permission_denied',
      message: `${kind} may be missing: information_schema.${kind.toUpperCase()} lists only those on which the user holds ${priv}, and ${me} does not hold it globally (schema grants and roles not checked)`,
    });
  }
}
