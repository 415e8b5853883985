/**
 * Full-load and downtime estimates per path, from the data size and the throughput settings
 * (documented in settings.ts THROUGHPUT_NOTES). Downtime is the write outage: the whole copy
 * for offline paths, the cutover alone for paths that replicate changes while copying.
 */
import type { MigrationPath } from './schema.js';
import type { Throughput } from './settings.js';

const MB = 1e6;
const GB = 1e9;

export interface Estimate {
  fullLoadSeconds: number;
  downtimeSeconds: number;
  /** How it was computed, one sentence. */
  basis: string;
}

const round = (s: number): number => Math.round(s);

export function estimatePath(path: MigrationPath, bytes: number, t: Throughput, options: { binlogReplication: boolean; engine: 'mysql' | 'postgres' }): Estimate {
  const cutover = t.cutoverMinutes * 60;
  switch (path) {
    case 'aurora-snapshot': {
      const full = (bytes / GB / t.snapshotGBPerHour) * 3600;
      return { fullLoadSeconds: round(full), downtimeSeconds: round(full + cutover), basis: `snapshot and migrate at ${t.snapshotGBPerHour} GB/h with writes stopped, plus a ${t.cutoverMinutes}-minute cutover` };
    }
    case 'aurora-read-replica': {
      const full = (bytes / GB / t.replicaGBPerHour) * 3600;
      return { fullLoadSeconds: round(full), downtimeSeconds: round(cutover), basis: `replica built at ${t.replicaGBPerHour} GB/h while the source runs; downtime is the ${t.cutoverMinutes}-minute promotion` };
    }
    case 'xtrabackup-s3': {
      const full = (bytes / MB) * (1 / t.xtrabackupMBps + 1 / t.s3UploadMBps + 1 / t.s3RestoreMBps);
      return options.binlogReplication
        ? { fullLoadSeconds: round(full), downtimeSeconds: round(cutover), basis: `backup ${t.xtrabackupMBps} MB/s, upload ${t.s3UploadMBps} MB/s, restore ${t.s3RestoreMBps} MB/s; binlog replication catches up, so downtime is the ${t.cutoverMinutes}-minute cutover` }
        : { fullLoadSeconds: round(full), downtimeSeconds: round(full + cutover), basis: `backup ${t.xtrabackupMBps} MB/s, upload ${t.s3UploadMBps} MB/s, restore ${t.s3RestoreMBps} MB/s with writes stopped (binary logging is off, so no catch-up)` };
    }
    case 'native-dump': {
      if (options.engine === 'postgres') {
        // The runbook dumps to a directory (pg_dump -Fd), then restores it: the two times add up.
        const full = bytes / MB / t.dumpMBps + bytes / MB / t.restoreMBps;
        return { fullLoadSeconds: round(full), downtimeSeconds: round(full + cutover), basis: `dump to a directory at ${t.dumpMBps} MB/s, then restore at ${t.restoreMBps} MB/s, with writes stopped, plus a ${t.cutoverMinutes}-minute cutover` };
      }
      // MySQL: mysqldump is piped into the cluster, so the slower side sets the pace.
      const full = bytes / MB / Math.min(t.dumpMBps, t.restoreMBps);
      return { fullLoadSeconds: round(full), downtimeSeconds: round(full + cutover), basis: `dump piped into restore at ${Math.min(t.dumpMBps, t.restoreMBps)} MB/s with writes stopped, plus a ${t.cutoverMinutes}-minute cutover` };
    }
    case 'dms': {
      const full = bytes / MB / t.dmsMBps;
      return { fullLoadSeconds: round(full), downtimeSeconds: round(cutover), basis: `DMS full load at ${t.dmsMBps} MB/s while CDC keeps up; downtime is the ${t.cutoverMinutes}-minute cutover` };
    }
    case 'pg-logical-replication': {
      const full = bytes / MB / t.logicalCopyMBps;
      return { fullLoadSeconds: round(full), downtimeSeconds: round(cutover), basis: `initial table copy at ${t.logicalCopyMBps} MB/s while changes stream; downtime is the ${t.cutoverMinutes}-minute cutover` };
    }
  }
}

/** `1 h 20 min`, `45 min`, `30 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
