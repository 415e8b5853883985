/**
 * Candidate migration paths for one database server, each with its feasibility, rationale,
 * estimates and blockers, ranked. Paths and rules follow the AWS migration guides
 * (ANCHORS Part 1 §6): RDS sources have the snapshot and the Aurora read replica; external
 * MySQL 5.7/8.0 has XtraBackup through S3; small databases a logical dump; heterogeneous
 * moves and minimal-downtime external moves DMS (or native logical replication for PostgreSQL).
 *
 * Ranking: feasible first, then within the maximum downtime, then without blockers (failing
 * checks), then the preference for this kind of source (physical before logical, simpler first).
 */
import { estimatePath, formatDuration } from './estimates.js';
import type { ServerFacts } from './facts.js';
import { mysqlMajor, physicalAuroraMysql, snapshotVersionProblem } from './mysql/versions.js';
import { hasAuroraMajor, pgMajor, supportsLogicalReplication } from './postgres/versions.js';
import type { MigrationPath, PathOption, PlanCheck, PlanServer } from './schema.js';
import type { PlanSettings } from './settings.js';

interface Verdict {
  feasible: boolean;
  rationale: string[];
}

export interface PathInput {
  server: ServerFacts;
  target: PlanServer['target'];
  checks: PlanCheck[];
  settings: PlanSettings;
  /** Conversion effort in hours for a heterogeneous move, when the conversion ran. */
  conversionHours: number | null;
}

const GB = 1e9;
const isMariadb = (s: ServerFacts): boolean => s.flavor === 'mariadb' || s.flavor === 'rds-mariadb';
const versionText = (s: ServerFacts): string => `${s.flavor ?? s.engine} ${s.version ?? '(version unknown)'}`;
const checkFails = (checks: PlanCheck[], id: string): boolean => checks.some((c) => c.id === id && c.status === 'fail');

function snapshotOrReplica(path: 'aurora-snapshot' | 'aurora-read-replica', p: PathInput): Verdict {
  const s = p.server;
  const what = path === 'aurora-snapshot' ? 'Snapshot migration' : 'An Aurora read replica';
  if (s.hosting !== 'rds') return { feasible: false, rationale: [`${what} needs an RDS source; this one is ${s.hosting === 'aurora' ? 'already Aurora' : 'not on RDS'}.`] };
  if (isMariadb(s)) return { feasible: false, rationale: [`${what} is offered from RDS for MySQL and RDS for PostgreSQL, not RDS for MariaDB.`] };
  if (p.target.heterogeneous) return { feasible: false, rationale: [`${what} keeps the engine; the target here is ${p.target.engine}.`] };
  const v = s.versionNum ?? 0;
  if (s.engine === 'mysql') {
    const problem = snapshotVersionProblem(v);
    if (path === 'aurora-snapshot' && problem) return { feasible: false, rationale: [problem] };
    if (!physicalAuroraMysql(v)) return { feasible: false, rationale: [problem ?? `MySQL ${mysqlMajor(v)} has no Aurora MySQL of the same major version.`] };
  } else if (!hasAuroraMajor(v)) {
    return { feasible: false, rationale: [`PostgreSQL ${pgMajor(v)} is not an Aurora PostgreSQL major version in standard support; the major version must match.`] };
  }
  const rationale =
    path === 'aurora-snapshot'
      ? ['Physical copy of the RDS instance: the simplest path when the downtime is acceptable.', 'Writes must stop from the snapshot until the new cluster takes over.']
      : ['Physical copy that keeps replicating until promotion: minimal downtime.', 'One Aurora read replica per source; stop writes, wait for lag 0, then promote.'];
  if (path === 'aurora-read-replica' && s.engine === 'mysql' && snapshotVersionProblem(v)) {
    rationale.push('The replica is built from a private snapshot, so the snapshot version rule may apply too: check the offered target versions first, or upgrade the source to 8.0.28+.');
  }
  if (path === 'aurora-read-replica' && s.engine === 'postgres') rationale.push('Watch WAL build-up on the source (FreeStorageSpace, OldestReplicationSlotLag) while the replica catches up.');
  return { feasible: true, rationale };
}

function xtrabackup(p: PathInput): Verdict {
  const s = p.server;
  if (s.engine !== 'mysql' || p.target.engine !== 'aurora-mysql') return { feasible: false, rationale: ['XtraBackup restores MySQL into Aurora MySQL only.'] };
  if (isMariadb(s)) return { feasible: false, rationale: ['MariaDB backups (mariabackup) are not compatible with Aurora MySQL restore from S3; use a logical path.'] };
  if (s.hosting !== 'external') return { feasible: false, rationale: ['RDS and Aurora do not give access to the data files a physical backup needs.'] };
  const physical = physicalAuroraMysql(s.versionNum ?? 0);
  if (!physical) return { feasible: false, rationale: [`Restore from S3 takes MySQL 5.7 or 8.0 only (same major version); the source is ${versionText(s)}.`] };
  return {
    feasible: true,
    rationale: [
      `Physical backup with Percona XtraBackup (2.4 for 5.7, 8.0 for 8.0) to S3, restored as ${physical.label}: the fastest path for large external MySQL.`,
      'Full backup only (no --tables/--databases partial backups); users, routines and time zones are not restored: recreate them after.',
      'No encrypted source, no tables outside the data directory; for low downtime, replicate the binary log from the source until cutover.',
    ],
  };
}

function nativeDump(p: PathInput): Verdict {
  const s = p.server;
  if (p.target.heterogeneous) return { feasible: false, rationale: ['A native dump keeps the engine; the target engine differs.'] };
  if (s.hosting === 'aurora') return { feasible: false, rationale: ['Already on Aurora with the same engine.'] };
  const small = s.dataBytes <= p.settings.smallDatabaseGB * GB;
  const tool = s.engine === 'mysql' ? 'mysqldump (or mydumper/myloader in parallel)' : 'pg_dump -Fd -j and pg_restore -j';
  return {
    feasible: true,
    rationale: [
      `Logical copy with ${tool}.`,
      small ? `Small data (${(s.dataBytes / GB).toFixed(1)} GB, at most ${p.settings.smallDatabaseGB} GB): a dump is simple and fast enough.` : `Large data (${(s.dataBytes / GB).toFixed(1)} GB): a dump is slow and needs writes stopped throughout.`,
    ],
  };
}

function dms(p: PathInput): Verdict {
  const s = p.server;
  if (s.hosting === 'aurora' && !p.target.heterogeneous) return { feasible: false, rationale: ['Already on Aurora with the same engine.'] };
  const rationale = ['AWS DMS full load then change data capture: minimal downtime, any size.'];
  if (p.target.heterogeneous) {
    rationale.unshift(`Heterogeneous move to ${p.target.engine}: the schema comes from the conversion, DMS moves the data.`);
    if (p.conversionHours !== null) rationale.push(`Schema conversion effort: ${p.conversionHours} h.`);
  } else {
    rationale.push('For same-engine moves AWS now points to native tools first; DMS stays the choice when the source cannot replicate natively.');
  }
  return { feasible: true, rationale };
}

function pgLogical(p: PathInput): Verdict {
  const s = p.server;
  if (s.engine !== 'postgres' || p.target.engine !== 'aurora-postgresql') return { feasible: false, rationale: ['Native logical replication is PostgreSQL to PostgreSQL.'] };
  if (s.hosting === 'aurora') return { feasible: false, rationale: ['Already on Aurora with the same engine.'] };
  if (!supportsLogicalReplication(s.versionNum ?? 0)) return { feasible: false, rationale: ['Logical replication needs PostgreSQL 10 or later on the source.'] };
  return {
    feasible: true,
    rationale: [
      'Native logical replication (CREATE PUBLICATION on the source, CREATE SUBSCRIPTION on Aurora): minimal downtime, can cross major versions.',
      'Schema, sequences and large objects are not replicated: load the schema first, set sequences at cutover.',
    ],
  };
}

const VERDICTS: Record<MigrationPath, (p: PathInput) => Verdict> = {
  'aurora-snapshot': (p) => snapshotOrReplica('aurora-snapshot', p),
  'aurora-read-replica': (p) => snapshotOrReplica('aurora-read-replica', p),
  'xtrabackup-s3': xtrabackup,
  'native-dump': nativeDump,
  dms,
  'pg-logical-replication': pgLogical,
};

/** The paths worth listing for this engine, in order of preference for this source. */
function preference(p: PathInput): MigrationPath[] {
  const s = p.server;
  if (p.target.heterogeneous) return ['dms'];
  if (s.engine === 'postgres') {
    return s.hosting === 'rds' ? ['aurora-snapshot', 'aurora-read-replica', 'native-dump', 'pg-logical-replication', 'dms'] : ['native-dump', 'pg-logical-replication', 'dms', 'aurora-snapshot', 'aurora-read-replica'];
  }
  if (s.hosting === 'rds') return ['aurora-snapshot', 'aurora-read-replica', 'native-dump', 'dms', 'xtrabackup-s3'];
  const small = s.dataBytes <= p.settings.smallDatabaseGB * GB;
  return small ? ['native-dump', 'xtrabackup-s3', 'dms', 'aurora-snapshot', 'aurora-read-replica'] : ['xtrabackup-s3', 'native-dump', 'dms', 'aurora-snapshot', 'aurora-read-replica'];
}

/** Binary-log replication from an external MySQL source is possible when binary logging is on and server_id is set. */
function binlogReplication(p: PathInput): boolean {
  return p.checks.some((c) => c.id === 'mysql-check-binlog-enabled' && c.status === 'pass') && !checkFails(p.checks, 'mysql-check-server-id');
}

/** What the write rate means for a path that replicates changes while copying. */
function cdcNote(path: MigrationPath, p: PathInput, replicates: boolean): string | null {
  const rows = p.server.workload.writeRowsPerSec;
  if (!replicates || path === 'aurora-snapshot' || path === 'native-dump') return null;
  if (rows === null) return 'The write rate was not measured (it needs workload counters at the start and the end of the collection): size the change capture after a longer collection.';
  const cap = p.settings.throughput.cdcApplyRowsPerSec;
  const bytes = p.server.workload.writeBytesPerSec;
  const rate = `${Math.round(rows * 10) / 10} rows/s${bytes !== null ? ` (${(bytes / 1e6).toFixed(2)} MB/s written)` : ''}`;
  if (rows <= cap) return `The source writes ${rate}; change capture keeps up (assumed apply rate ${cap} rows/s).`;
  const over = `The source writes ${rate}, more than the ${cap} rows/s one apply thread is assumed to keep up with`;
  switch (path) {
    case 'xtrabackup-s3':
      return `${over}: binary log replication into Aurora may fall behind; raise replica_parallel_workers in the cluster parameter group (with replica_preserve_commit_order) and watch AuroraBinlogReplicaLag.`;
    case 'aurora-read-replica':
      return `${over}: the replica may lag; watch the replica lag metric and stop writes only when it reaches 0, or size the replica up until it keeps up.`;
    case 'pg-logical-replication':
      return `${over}: the subscription may lag; split the tables over several publications and subscriptions (one apply worker each) and watch pg_stat_subscription.`;
    default:
      return `${over}: expect lag to grow; use parallel apply (DMS batch apply or several tasks).`;
  }
}

export function rankPaths(p: PathInput): PathOption[] {
  const maxDowntime = p.settings.maxDowntimeMinutes * 60;
  const order = preference(p);
  const listed: MigrationPath[] = p.target.heterogeneous ? ['dms', 'native-dump', ...(p.server.engine === 'postgres' ? (['pg-logical-replication'] as const) : (['xtrabackup-s3'] as const)), 'aurora-snapshot', 'aurora-read-replica'] : order;
  const options = listed.map((path) => {
    const verdict = VERDICTS[path](p);
    const est = estimatePath(path, p.server.dataBytes, p.settings.throughput, { binlogReplication: binlogReplication(p), engine: p.server.engine });
    const blockers = verdict.feasible ? p.checks.filter((c) => c.status === 'fail' && c.paths.includes(path)).map((c) => c.id) : [];
    const withinDowntime = est.downtimeSeconds <= maxDowntime;
    const rationale = [...verdict.rationale];
    if (verdict.feasible) {
      rationale.push(`Estimated copy ${formatDuration(est.fullLoadSeconds)}, downtime ${formatDuration(est.downtimeSeconds)} (${est.basis}); ${withinDowntime ? 'within' : 'over'} the ${p.settings.maxDowntimeMinutes}-minute maximum.`);
      const cdc = cdcNote(path, p, est.downtimeSeconds < est.fullLoadSeconds + p.settings.throughput.cutoverMinutes * 60);
      if (cdc) rationale.push(cdc);
      if (blockers.length > 0) rationale.push(`Blocked until fixed: ${blockers.join(', ')}.`);
    }
    return { path, verdict, est, blockers, withinDowntime, rationale, pref: order.indexOf(path) === -1 ? order.length : order.indexOf(path) };
  });
  options.sort(
    (a, b) =>
      Number(b.verdict.feasible) - Number(a.verdict.feasible) ||
      Number(b.withinDowntime && b.verdict.feasible) - Number(a.withinDowntime && a.verdict.feasible) ||
      Number(a.blockers.length > 0) - Number(b.blockers.length > 0) ||
      a.pref - b.pref,
  );
  return options.map((o, i) => ({
    path: o.path,
    rank: i + 1,
    feasible: o.verdict.feasible,
    rationale: o.rationale,
    blockers: o.blockers,
    fullLoadSeconds: o.verdict.feasible ? o.est.fullLoadSeconds : 0,
    downtimeSeconds: o.verdict.feasible ? o.est.downtimeSeconds : 0,
    withinDowntime: o.verdict.feasible && o.withinDowntime,
  }));
}
