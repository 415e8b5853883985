/** Write rates from the two workload snapshots: PostgreSQL rows from pg_stat_database and bytes from the WAL position; MySQL rows from the row or handler counters and bytes from the binlog or InnoDB. */
import { describe, expect, it } from 'vitest';
import { mysqlWorkload } from '../../analyzer/plan/mysql/server-facts.js';
import { postgresWorkload } from '../../analyzer/plan/postgres/server-facts.js';

const snap = (at: string, tup: number, walBytes: string | null) => ({
  at,
  rows: {
    stat_database: [{ datname: 'shop', tup_inserted: String(tup), tup_updated: '0', tup_deleted: '0' }],
    ...(walBytes === null ? {} : { wal_position: [{ in_recovery: false, lsn: '0/0', bytes: walBytes }] }),
  },
});

describe('postgresWorkload', () => {
  it('gives rows/s from the tuple counters and bytes/s from the WAL positions', () => {
    const w = postgresWorkload(snap('2026-01-01T00:00:00Z', 1_000, '5000000000'), snap('2026-01-01T00:00:10Z', 3_000, '5020000000'));
    expect(w.writeRowsPerSec).toBe(200);
    expect(w.writeBytesPerSec).toBe(2_000_000);
  });

  it('leaves bytes/s unknown for bundles without WAL positions', () => {
    const w = postgresWorkload(snap('2026-01-01T00:00:00Z', 1_000, null), snap('2026-01-01T00:00:10Z', 3_000, null));
    expect(w.writeRowsPerSec).toBe(200);
    expect(w.writeBytesPerSec).toBeNull();
  });
});

describe('mysqlWorkload', () => {
  const status = (at: string, vars: Record<string, number>) => ({ at, rows: { global_status: Object.entries(vars).map(([Variable_name, v]) => ({ Variable_name, Value: String(v) })) } });
  const a = status('2026-01-01T00:00:00Z', { Binlog_bytes_written: 1_000, Innodb_data_written: 50_000, Handler_write: 10, Handler_update: 0, Handler_delete: 0 });
  const b = status('2026-01-01T00:00:10Z', { Binlog_bytes_written: 21_000, Innodb_data_written: 950_000, Handler_write: 110, Handler_update: 0, Handler_delete: 0 });

  it('takes the binlog bytes when binary logging is on (what CDC reads)', () => {
    const w = mysqlWorkload(a, b, new Map([['log_bin', 'ON'], ['max_connections', '151']]));
    expect(w.writeBytesPerSec).toBe(2_000);
    expect(w.writeRowsPerSec).toBe(10);
    expect(w.maxConnections).toBe(151);
  });

  it('falls back to InnoDB data writes when binary logging is off', () => {
    expect(mysqlWorkload(a, b, new Map([['log_bin', 'OFF']])).writeBytesPerSec).toBe(90_000);
  });
});
