/**
 * PostgreSQL server facts for the planner: pg_settings (serverRows.settings) and write rates
 * from the two pg_stat_database snapshots and WAL bytes from the two WAL positions; sessions from the grouped pg_stat_activity rows.
 */
import type { DatabaseServer } from '../../../agent/bundle/index.js';
import { rowNumber, rowText, secondsBetween, type RawRow } from '../row-values.js';
import type { WorkloadFacts } from '../facts.js';

/** Setting name → value; a unit, when pg_settings gives one, follows after a space (`60000 ms`). */
export function postgresSettings(server: DatabaseServer): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of server.serverRows.settings ?? []) {
    const name = rowText(r, 'name');
    const value = rowText(r, 'setting');
    if (name === null || value === null) continue;
    const unit = rowText(r, 'unit');
    out.set(name, unit ? `${value} ${unit}` : value);
  }
  return out;
}

function sumColumn(rows: readonly RawRow[] | undefined, keys: string[]): number | null {
  if (!rows || rows.length === 0) return null;
  let n = 0;
  for (const r of rows) for (const k of keys) n += rowNumber(r, k) ?? 0;
  return n;
}

const TUPLE_WRITES = ['tup_inserted', 'tup_updated', 'tup_deleted'];

export function postgresWorkload(start: DatabaseServer['workload']['start'], end: DatabaseServer['workload']['end']): WorkloadFacts {
  const seconds = start && end ? secondsBetween(start.at, end.at) : null;
  const a = sumColumn(start?.rows.stat_database, TUPLE_WRITES);
  const b = sumColumn(end?.rows.stat_database, TUPLE_WRITES);
  const activity = end?.rows.activity ?? start?.rows.activity;
  let connections: number | null = null;
  let maxConnections: number | null = null;
  if (activity) {
    connections = 0;
    for (const r of activity) {
      if (rowText(r, 'backend_type') === 'client backend') connections += rowNumber(r, 'connections') ?? 0;
      maxConnections = rowNumber(r, 'max_connections') ?? maxConnections;
    }
  }
  // WAL written between the snapshots (bundles of agents before the wal_position query have none).
  const walA = sumColumn(start?.rows.wal_position, ['bytes']);
  const walB = sumColumn(end?.rows.wal_position, ['bytes']);
  return {
    writeRowsPerSec: seconds !== null && a !== null && b !== null && b >= a ? (b - a) / seconds : null,
    writeBytesPerSec: seconds !== null && walA !== null && walB !== null && walB >= walA ? (walB - walA) / seconds : null,
    connections,
    peakConnections: connections,
    maxConnections,
  };
}
