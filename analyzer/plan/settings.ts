/**
 * The planner's settings: `--plan-settings FILE` (YAML or JSON). Every field is optional; the
 * defaults below are written into plan.settings so the report states the assumptions it used.
 *
 *   maxDowntimeMinutes: 60          # the longest write outage the business accepts per database server
 *   region: us-east-1               # where the Aurora clusters go (prices in the catalog are us-east-1)
 *   targets:                        # target engine per database: auto | aurora-mysql | aurora-postgresql
 *     "db1-mysql-3306/shop": aurora-postgresql # SERVER_ID/DB, DB, or SERVER_ID; * and ? globs; first match wins
 *     legacy: aurora-mysql
 *   sizing: { percentile: 95, headroomPct: 30 }
 *   throughput: { dumpMBps: 40, dmsMBps: 25 }  # see THROUGHPUT_NOTES for what each one means
 *   applications:
 *     - name: shop
 *       hosts: ["web-*", "10.0.1.*"]           # hostname or address globs
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { TargetEngineName } from './schema.js';

const positive = z.number().positive();

export const ThroughputSchema = z.strictObject({
  dumpMBps: positive.optional(),
  restoreMBps: positive.optional(),
  dmsMBps: positive.optional(),
  xtrabackupMBps: positive.optional(),
  s3UploadMBps: positive.optional(),
  s3RestoreMBps: positive.optional(),
  snapshotGBPerHour: positive.optional(),
  replicaGBPerHour: positive.optional(),
  logicalCopyMBps: positive.optional(),
  cdcApplyRowsPerSec: positive.optional(),
  cutoverMinutes: z.number().nonnegative().optional(),
});

export const PlanSettingsFileSchema = z.strictObject({
  maxDowntimeMinutes: z.number().nonnegative().optional(),
  region: z.string().min(1).optional(),
  targets: z.record(z.string().min(1), z.enum(['auto', 'aurora-mysql', 'aurora-postgresql'])).optional(),
  sizing: z
    .strictObject({
      percentile: z.number().min(1).max(100).optional(),
      headroomPct: z.number().min(0).max(500).optional(),
    })
    .optional(),
  throughput: ThroughputSchema.optional(),
  /** Databases at or under this size count as small: a logical dump is a reasonable path for them. */
  smallDatabaseGB: positive.optional(),
  applications: z.array(z.strictObject({ name: z.string().min(1), hosts: z.array(z.string().min(1)).min(1) })).optional(),
});
export type PlanSettingsFile = z.infer<typeof PlanSettingsFileSchema>;

export type TargetSetting = 'auto' | TargetEngineName;

export interface Throughput {
  dumpMBps: number;
  restoreMBps: number;
  dmsMBps: number;
  xtrabackupMBps: number;
  s3UploadMBps: number;
  s3RestoreMBps: number;
  snapshotGBPerHour: number;
  replicaGBPerHour: number;
  logicalCopyMBps: number;
  cdcApplyRowsPerSec: number;
  cutoverMinutes: number;
}

export interface PlanSettings {
  maxDowntimeMinutes: number;
  region: string;
  /** Pattern → target, in file order (first match wins). */
  targets: { pattern: string; target: TargetSetting }[];
  sizing: { percentile: number; headroomPct: number };
  throughput: Throughput;
  smallDatabaseGB: number;
  applications: { name: string; hosts: string[] }[];
}

/**
 * Throughput assumptions: our own round figures for a single stream on current hardware,
 * not measurements. They are meant to be replaced with figures from a trial run.
 */
export const DEFAULT_THROUGHPUT: Throughput = {
  dumpMBps: 50,
  restoreMBps: 20,
  dmsMBps: 30,
  xtrabackupMBps: 150,
  s3UploadMBps: 100,
  s3RestoreMBps: 60,
  snapshotGBPerHour: 256,
  replicaGBPerHour: 256,
  logicalCopyMBps: 40,
  cdcApplyRowsPerSec: 2000,
  cutoverMinutes: 10,
};

/** What each throughput figure covers and where the default comes from; stated in the report. */
export const THROUGHPUT_NOTES: Record<keyof Throughput, string> = {
  dumpMBps: 'mysqldump / pg_dump export of data bytes, one stream (assumption)',
  restoreMBps: 'loading a logical dump into Aurora, index builds included; slower than the dump (assumption)',
  dmsMBps: 'AWS DMS full load, 8 tables in parallel on a mid-size replication instance (assumption)',
  xtrabackupMBps: 'Percona XtraBackup physical backup, disk-bound (assumption)',
  s3UploadMBps: 'uploading backup files to S3 in the same Region (assumption)',
  s3RestoreMBps: 'Aurora restore-db-cluster-from-s3 of an XtraBackup backup (assumption)',
  snapshotGBPerHour: 'RDS snapshot migrated to an Aurora cluster (AWS: "several hours per TiB"; 256 GB/h = 4 h/TiB)',
  replicaGBPerHour: 'creating an Aurora read replica of an RDS instance (AWS: "several hours per TiB")',
  logicalCopyMBps: 'PostgreSQL logical replication initial table copy (assumption)',
  cdcApplyRowsPerSec: 'rows per second that change data capture applies on the target, one apply thread (assumption)',
  cutoverMinutes: 'stop writes, wait for replication lag 0, promote, repoint applications (assumption)',
};

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  maxDowntimeMinutes: 60,
  region: 'us-east-1',
  targets: [],
  sizing: { percentile: 95, headroomPct: 30 },
  throughput: DEFAULT_THROUGHPUT,
  smallDatabaseGB: 50,
  applications: [],
};

/** Settings from a parsed (already validated) file, defaults filled in. */
export function settingsFromFile(file: PlanSettingsFile): PlanSettings {
  const d = DEFAULT_PLAN_SETTINGS;
  return {
    maxDowntimeMinutes: file.maxDowntimeMinutes ?? d.maxDowntimeMinutes,
    region: file.region ?? d.region,
    targets: Object.entries(file.targets ?? {}).map(([pattern, target]) => ({ pattern, target })),
    sizing: { percentile: file.sizing?.percentile ?? d.sizing.percentile, headroomPct: file.sizing?.headroomPct ?? d.sizing.headroomPct },
    throughput: { ...d.throughput, ...stripUndefined(file.throughput ?? {}) },
    smallDatabaseGB: file.smallDatabaseGB ?? d.smallDatabaseGB,
    applications: (file.applications ?? []).map((a) => ({ name: a.name, hosts: [...a.hosts] })),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Validates settings data (from YAML or JSON); errors name `source` and the field. */
export function parsePlanSettings(data: unknown, source: string): PlanSettings {
  const parsed = PlanSettingsFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`${source}: ${problems}`);
  }
  return settingsFromFile(parsed.data);
}

/** Reads and validates a settings file; errors name the file and the field. */
export function readPlanSettingsFile(file: string): PlanSettings {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  return parsePlanSettings(data, file);
}

/** The settings as written into plan.json: plain data, with the throughput notes. */
export function settingsRecord(s: PlanSettings): Record<string, unknown> {
  return {
    maxDowntimeMinutes: s.maxDowntimeMinutes,
    region: s.region,
    targets: s.targets.map((t) => ({ ...t })),
    sizing: { ...s.sizing },
    throughput: { ...s.throughput },
    throughputNotes: { ...THROUGHPUT_NOTES },
    smallDatabaseGB: s.smallDatabaseGB,
    applications: s.applications.map((a) => ({ name: a.name, hosts: [...a.hosts] })),
  };
}

/** `*` any run, `?` one character; the whole text, case-insensitive. */
export function globMatcher(pattern: string): RegExp {
  let body = '';
  for (const ch of pattern) body += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${body}$`, 'is');
}
