/**
 * MySQL and MariaDB server facts for the planner: global variables (SHOW GLOBAL VARIABLES,
 * serverRows.variables) and write rates from the two SHOW GLOBAL STATUS snapshots.
 */
import type { DatabaseServer } from '../../../agent/bundle/index.js';
import { rowNumber, rowText, secondsBetween, type RawRow } from '../row-values.js';
import type { WorkloadFacts } from '../facts.js';

/** Variable name (lower case) → value as the server reported it. */
export function mysqlSettings(server: DatabaseServer): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of server.serverRows.variables ?? []) {
    const name = rowText(r, 'Variable_name') ?? rowText(r, 'variable_name');
    const value = rowText(r, 'Value') ?? rowText(r, 'value');
    if (name !== null && value !== null) out.set(name.toLowerCase(), value);
  }
  return out;
}

function statusMap(rows: readonly RawRow[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows ?? []) {
    const name = rowText(r, 'Variable_name') ?? rowText(r, 'variable_name');
    const value = rowNumber(r, 'Value') ?? rowNumber(r, 'value');
    if (name !== null && value !== null) out.set(name.toLowerCase(), value);
  }
  return out;
}

const ROW_WRITES = ['innodb_rows_inserted', 'innodb_rows_updated', 'innodb_rows_deleted'];
/**
 * MariaDB 10.x has no Innodb_rows_* counters. Its handler counters leave internal temporary
 * tables out (those are Handler_tmp_*: on the machine's MariaDB 10.11, 2.1 million tmp writes
 * against 981 Handler_write), so they count rows written to tables, user TEMPORARY tables and
 * every engine included; on MySQL they count internal temporary tables too and overstate.
 */
const HANDLER_WRITES = ['handler_write', 'handler_update', 'handler_delete'];

const binlogOn = (settings: Map<string, string>): boolean => ['on', '1'].includes((settings.get('log_bin') ?? '').toLowerCase());

/** Rows written per second (InnoDB row counters, else the handler counters) and bytes written (binlog, else Innodb_data_written) over the window. */
export function mysqlWorkload(start: DatabaseServer['workload']['start'], end: DatabaseServer['workload']['end'], settings: Map<string, string>): WorkloadFacts {
  const e = statusMap(end?.rows.global_status);
  const s = statusMap(start?.rows.global_status);
  const seconds = start && end ? secondsBetween(start.at, end.at) : null;
  const rate = (keys: string[]): number | null => {
    if (seconds === null || keys.some((k) => !e.has(k) || !s.has(k))) return null;
    const d = keys.reduce((n, k) => n + (e.get(k)! - s.get(k)!), 0);
    return d >= 0 ? d / seconds : null;
  };
  const maxConn = Number(settings.get('max_connections'));
  return {
    writeRowsPerSec: rate(ROW_WRITES) ?? rate(HANDLER_WRITES),
    // With binary logging on, the binlog bytes (MariaDB's Binlog_bytes_written) are what CDC
    // reads; else InnoDB's data file writes, which also count doublewrite and page rewrites.
    writeBytesPerSec: (binlogOn(settings) ? rate(['binlog_bytes_written']) : null) ?? rate(['innodb_data_written']),
    connections: e.get('threads_connected') ?? null,
    peakConnections: e.get('max_used_connections') ?? null,
    maxConnections: Number.isFinite(maxConn) && settings.has('max_connections') ? maxConn : null,
  };
}
