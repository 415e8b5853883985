/**
 * PostgreSQL prerequisite checks for change data capture (DMS and native logical replication),
 * named after the DMS premigration assessments where one exists
 * (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.AssessmentReport.PG.html).
 */
import { quoteLiteral } from '../../dialects/postgres/quote.js';
import { fixStatements, makeCheck, objectsCheck, tablesOf } from '../check.js';
import type { ServerFacts } from '../facts.js';
import { rowNumber, rowText } from '../row-values.js';
import type { MigrationPath, PlanCheck } from '../schema.js';
import { POSTGRES_RULES } from './rules.js';

const CDC: MigrationPath[] = ['dms', 'pg-logical-replication'];

/** A pg_settings value with its unit (`60000 ms`, `10`), as a number in the unit given. */
function numberSetting(s: ServerFacts, name: string): { value: number; unit: string; text: string } | null {
  const text = s.settings.get(name);
  if (text === undefined) return null;
  const [v, unit = ''] = text.split(' ');
  const value = Number(v);
  return Number.isFinite(value) ? { value, unit, text } : null;
}

/** ALTER SYSTEM for an external server; the parameter group for RDS and Aurora. */
function setFix(s: ServerFacts, name: string, value: string, restart: boolean): string {
  if (s.hosting !== 'external') {
    return `Set ${name} = ${value} in the DB ${s.hosting === 'aurora' ? 'cluster ' : ''}parameter group of the source (aws rds modify-db-parameter-group --parameters "ParameterName=${name},ParameterValue=${value},ApplyMethod=${restart ? 'pending-reboot' : 'immediate'}")${restart ? ', then reboot the instance' : ''}.`;
  }
  return `ALTER SYSTEM SET ${name} = ${quoteLiteral(value)};${restart ? ' -- then restart the server' : ' SELECT pg_reload_conf();'}`;
}

function walLevel(s: ServerFacts): PlanCheck {
  const v = s.settings.get('wal_level');
  const base = { id: 'postgres-check-wallevel', title: 'wal_level is logical', paths: CDC };
  if (v === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'wal_level was not collected.' });
  const fix = s.hosting === 'external' ? setFix(s, 'wal_level', 'logical', true) : setFix(s, 'rds.logical_replication', '1', true);
  return makeCheck({ ...base, status: v === 'logical' ? 'pass' : 'fail', detail: `wal_level is ${v}; logical decoding needs logical.`, fix });
}

function maxWalSenders(s: ServerFacts): PlanCheck {
  const v = numberSetting(s, 'max_wal_senders');
  const base = { id: 'postgres-check-maxwalsenders', title: 'max_wal_senders is more than 1', paths: CDC };
  if (!v) return makeCheck({ ...base, status: 'unknown', detail: 'max_wal_senders was not collected.' });
  return makeCheck({ ...base, status: v.value > 1 ? 'pass' : 'fail', detail: `max_wal_senders is ${v.text}.`, fix: setFix(s, 'max_wal_senders', '10', true) });
}

/** 0 (no timeout) or at least 10 seconds. */
function walSenderTimeout(s: ServerFacts): PlanCheck {
  const v = numberSetting(s, 'wal_sender_timeout');
  const base = { id: 'postgres-check-walsenderstimeout', title: 'wal_sender_timeout is 0 or at least 10 s', paths: ['dms'] as MigrationPath[] };
  if (!v) return makeCheck({ ...base, status: 'unknown', detail: 'wal_sender_timeout was not collected.' });
  const ms = v.unit === 's' ? v.value * 1000 : v.unit === 'min' ? v.value * 60000 : v.value;
  const ok = ms === 0 || ms >= 10000;
  return makeCheck({ ...base, status: ok ? 'pass' : 'fail', detail: `wal_sender_timeout is ${v.text}.`, fix: setFix(s, 'wal_sender_timeout', '60s', false) });
}

function replicationSlots(s: ServerFacts): PlanCheck {
  const max = numberSetting(s, 'max_replication_slots');
  const used = s.serverRows.replication_slots?.length;
  const base = { id: 'scout-pg-free-replication-slot', title: 'A free replication slot', paths: CDC };
  if (!max || used === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'max_replication_slots or the slots in use were not collected.' });
  const free = max.value - used;
  return makeCheck({
    ...base,
    status: free >= 1 ? 'pass' : 'fail',
    detail: `${used} of ${max.value} replication slots are in use.`,
    fix: setFix(s, 'max_replication_slots', String(Math.max(10, used + 2)), true),
  });
}

/** Tables without a PK whose replica identity is not FULL or an index: UPDATE and DELETE cannot be replicated. */
function primaryKeys(s: ServerFacts): PlanCheck {
  const missing = tablesOf(s).filter((t) => t.table.kind !== 'partitioned' && !t.table.primaryKey && !(t.table.attrs.replica_identity ?? '').match(/^(f|index:)/));
  return objectsCheck({
    id: 'postgres-check-pk',
    title: 'Tables have a primary key or a replica identity',
    status: 'fail',
    found: (n) => `${n} table(s) have no primary key and no replica identity: their UPDATEs and DELETEs are not replicated (logical replication rejects them once published).`,
    none: 'Every table has a primary key or a replica identity.',
    fix: fixStatements(missing.map((t) => `ALTER TABLE ${POSTGRES_RULES.quoteTable(t)} REPLICA IDENTITY FULL; -- or ADD PRIMARY KEY (<columns>)`)),
    paths: CDC,
    objects: missing.map((t) => t.label),
  });
}

function longTransactions(s: ServerFacts): PlanCheck {
  const rows = s.serverRows.long_transactions;
  const base = { id: 'postgres-check-longrunningtxn', title: 'No transactions open longer than 10 minutes', paths: CDC };
  if (rows === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'Long-running transactions were not collected.' });
  const objects = rows.map((r) => `pid ${rowText(r, 'pid') ?? '?'} (${rowText(r, 'datname') ?? '?'}, ${Math.round((rowNumber(r, 'xact_age_seconds') ?? 0) / 60)} min)`);
  return makeCheck({
    ...base,
    status: rows.length > 0 ? 'warn' : 'pass',
    detail: rows.length > 0 ? `${rows.length} transaction(s) were open for more than 10 minutes at collection; creating a replication slot waits for them.` : 'No transaction was open for more than 10 minutes at collection.',
    fix: fixStatements(rows.map((r) => `SELECT pg_terminate_backend(${Number(rowText(r, 'pid') ?? 0)}); -- or end it in the application first`)),
    paths: CDC,
    objects,
  });
}

function preparedTransactions(s: ServerFacts): PlanCheck {
  const rows = s.serverRows.prepared_xacts;
  const base = { id: 'postgres-check-preparedtxn', title: 'No prepared (two-phase) transactions', paths: CDC };
  if (rows === undefined) return makeCheck({ ...base, status: 'unknown', detail: 'Prepared transactions were not collected.' });
  return makeCheck({
    ...base,
    status: rows.length > 0 ? 'fail' : 'pass',
    detail: rows.length > 0 ? `${rows.length} prepared transaction(s) are pending; a replication slot cannot be created past them.` : 'No prepared transactions.',
    fix: fixStatements(rows.map((r) => `COMMIT PREPARED ${quoteLiteral(rowText(r, 'gid') ?? '')}; -- or ROLLBACK PREPARED`)),
    paths: CDC,
    objects: rows.map((r) => rowText(r, 'gid') ?? '?'),
  });
}

export function postgresChecks(server: ServerFacts): PlanCheck[] {
  return [walLevel(server), maxWalSenders(server), walSenderTimeout(server), replicationSlots(server), primaryKeys(server), longTransactions(server), preparedTransactions(server)];
}
