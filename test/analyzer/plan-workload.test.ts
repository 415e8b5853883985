/** Write rates from the two workload snapshots: PostgreSQL rows from pg_stat_database, bytes from the WAL position. */
import { describe, expect, it } from 'vitest';
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
