/**
 * plan.json: the migration plan, the one contract between the planner and the reports (and
 * any outside reader, through the JSON Schema `scout plan --schema` prints). Additive changes
 * keep PLAN_FORMAT_VERSION; a change of meaning bumps it.
 */
import { z } from 'zod';

export const PLAN_FORMAT = 'scout-plan';
export const PLAN_FORMAT_VERSION = 1;

const isoTime = z.iso.datetime({ offset: true });
const nonNeg = z.number().nonnegative();

export const MIGRATION_PATHS = [
  'aurora-snapshot',
  'aurora-read-replica',
  'xtrabackup-s3',
  'native-dump',
  'dms',
  'pg-logical-replication',
] as const;
export type MigrationPath = (typeof MIGRATION_PATHS)[number];

export const TARGET_ENGINES = ['aurora-mysql', 'aurora-postgresql'] as const;
export type TargetEngineName = (typeof TARGET_ENGINES)[number];

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'unknown'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** One prerequisite or blocker check, computed from the collected settings and catalog. */
export const PlanCheckSchema = z.strictObject({
  /** DMS premigration assessment name where one exists (`mysql-check-binlog-format`), else our own (`scout-…`). */
  id: z.string(),
  title: z.string(),
  status: z.enum(CHECK_STATUSES),
  /** What was found, in one sentence, with the observed value. */
  detail: z.string(),
  /** The exact SET/ALTER statement or parameter-group change that fixes it; null when nothing to fix. */
  fix: z.string().nullable(),
  /** The paths this check matters for; a `fail` here blocks those paths. */
  paths: z.array(z.enum(MIGRATION_PATHS)),
  /** Affected objects (qualified table names…), bounded; `objectsTotal` gives the full count. */
  objects: z.array(z.string()),
  objectsTotal: z.int().nonnegative(),
});
export type PlanCheck = z.infer<typeof PlanCheckSchema>;

/** One candidate path for a database server, ranked. */
export const PathOptionSchema = z.strictObject({
  path: z.enum(MIGRATION_PATHS),
  rank: z.int().positive(),
  feasible: z.boolean(),
  /** Why this path, or why not; plain sentences. */
  rationale: z.array(z.string()),
  /** Ids of the failing checks that block this path. */
  blockers: z.array(z.string()),
  /** Estimated full-load (or restore) time and the downtime window it needs. */
  fullLoadSeconds: nonNeg,
  downtimeSeconds: nonNeg,
  /** Within the configured maximum downtime. */
  withinDowntime: z.boolean(),
});
export type PathOption = z.infer<typeof PathOptionSchema>;

export const RunbookStepSchema = z.strictObject({
  order: z.int().positive(),
  title: z.string(),
  /** What to do and why, one or two sentences. */
  detail: z.string(),
  /** AWS CLI / SQL / shell command template; placeholders in <angle brackets>. */
  command: z.string().nullable(),
});
export type RunbookStep = z.infer<typeof RunbookStepSchema>;

export const InstanceChoiceSchema = z.strictObject({
  type: z.string(),
  vcpu: z.int().positive(),
  memoryGiB: nonNeg,
  networkGbps: z.string().nullable(),
  /** Approximate on-demand USD per hour in the configured region, when the catalog has it. */
  approxUsdPerHour: nonNeg.nullable(),
  /** What was required: p-th percentile use with headroom. */
  requiredVcpu: nonNeg,
  requiredMemoryGiB: nonNeg,
  rationale: z.string(),
});
export type InstanceChoice = z.infer<typeof InstanceChoiceSchema>;

export const PlanHostSchema = z.strictObject({
  /** Agent id. */
  id: z.string(),
  hostname: z.string(),
  addresses: z.array(z.string()),
  os: z.string().nullable(),
  logicalCores: z.int().nonnegative().nullable(),
  memoryBytes: nonNeg.nullable(),
  /** Percentile (settings.sizing.percentile) of CPU % of the whole host (100 = all cores) and of used memory. */
  cpuPctAtPercentile: nonNeg.nullable(),
  memoryBytesAtPercentile: nonNeg.nullable(),
  ec2: InstanceChoiceSchema.nullable(),
  application: z.string().nullable(),
  /** Ids of the database servers on this host. */
  databaseServers: z.array(z.string()),
  /** False for an `--only databases` bundle (managed database collected from elsewhere). */
  hostCollected: z.boolean(),
});
export type PlanHost = z.infer<typeof PlanHostSchema>;

export const PlanDatabaseSchema = z.strictObject({
  name: z.string(),
  sizeBytes: nonNeg.nullable(),
  tables: z.int().nonnegative(),
  /** Conversion effort (hours) and status counts when a conversion ran for this database. */
  conversion: z
    .strictObject({
      target: z.enum(TARGET_ENGINES),
      effortHours: nonNeg,
      critical: z.int().nonnegative(),
      warning: z.int().nonnegative(),
      manualObjects: z.int().nonnegative(),
    })
    .nullable(),
});
export type PlanDatabase = z.infer<typeof PlanDatabaseSchema>;

/** One database server (one collected target) and the plan for it. */
export const PlanServerSchema = z.strictObject({
  /** Stable id: `<hostname>-<target id>`, safe as a file name part. */
  id: z.string(),
  hostId: z.string(),
  hostname: z.string(),
  engine: z.enum(['postgres', 'mysql']),
  flavor: z.string().nullable(),
  version: z.string().nullable(),
  /** Where it runs: RDS/Aurora (managed) or anywhere else (external). */
  hosting: z.enum(['rds', 'aurora', 'external']),
  address: z.string().nullable(),
  port: z.int().nullable(),
  dataBytes: nonNeg,
  databases: z.array(PlanDatabaseSchema),
  target: z.strictObject({
    engine: z.enum(TARGET_ENGINES),
    version: z.string(),
    heterogeneous: z.boolean(),
    reason: z.string(),
  }),
  recommended: z.enum(MIGRATION_PATHS).nullable(),
  paths: z.array(PathOptionSchema),
  checks: z.array(PlanCheckSchema),
  /** Ids of failing checks that block the recommended path (empty when it is clear to go). */
  blockers: z.array(z.string()),
  workload: z.strictObject({
    /** Write rate over the collection window, when two workload snapshots exist. */
    writeRowsPerSec: nonNeg.nullable(),
    writeBytesPerSec: nonNeg.nullable(),
    connections: z.int().nonnegative().nullable(),
    maxConnections: z.int().nonnegative().nullable(),
  }),
  sizing: z
    .strictObject({
      instanceClass: z.string(),
      vcpu: z.int().positive(),
      memoryGiB: nonNeg,
      approxUsdPerHour: nonNeg.nullable(),
      storageBytes: nonNeg,
      /** Share of the host's use given to this server when several share a host. */
      hostShare: z.number().min(0).max(1),
      rationale: z.string(),
    })
    .nullable(),
  /** Host ids of the clients seen connected to this server's port. */
  clients: z.array(z.string()),
  /** Client addresses with no collected host behind them. */
  externalClients: z.array(z.string()),
  applications: z.array(z.string()),
  wave: z.int().positive(),
  runbook: z.array(RunbookStepSchema),
  /** Relative paths (under the output directory) of the artifacts written for this server. */
  artifacts: z.array(z.strictObject({ kind: z.string(), path: z.string() })),
  /**
   * DMS tasks (one per database) when the recommended path is `dms`: the table-mapping and
   * task-settings JSON written as artifacts, and the LOB mode chosen from the LOB columns.
   */
  dmsTasks: z
    .array(
      z.strictObject({
        database: z.string(),
        lobMode: z.enum(['none', 'limited', 'full']),
        lobReason: z.string(),
        tableMappings: z.record(z.string(), z.unknown()),
        taskSettings: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
});
export type PlanServer = z.infer<typeof PlanServerSchema>;

export const PlanApplicationSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** Named by the settings file (true) or found as a connected group of the host graph (false). */
  named: z.boolean(),
  hosts: z.array(z.string()),
  databaseServers: z.array(z.string()),
});

export const PlanWaveSchema = z.strictObject({
  index: z.int().positive(),
  databaseServers: z.array(z.string()),
  applications: z.array(z.string()),
  warnings: z.array(z.string()),
  downtimeSeconds: nonNeg,
});

export const PlanGraphSchema = z.strictObject({
  nodes: z.array(z.strictObject({ id: z.string(), label: z.string(), kind: z.enum(['host', 'database-server', 'external']) })),
  edges: z.array(z.strictObject({ from: z.string(), to: z.string(), port: z.int().nullable(), connections: z.int().nonnegative() })),
});

export const PlanSchema = z.strictObject({
  format: z.literal(PLAN_FORMAT),
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  generatedAt: isoTime,
  scoutVersion: z.string(),
  /** The settings in force, defaults filled in, so the report can state its assumptions. */
  settings: z.record(z.string(), z.unknown()),
  instanceCatalog: z.strictObject({ madeOn: z.string(), source: z.string(), pricesApproximate: z.boolean() }),
  hosts: z.array(PlanHostSchema),
  servers: z.array(PlanServerSchema),
  applications: z.array(PlanApplicationSchema),
  waves: z.array(PlanWaveSchema),
  graph: PlanGraphSchema,
  totals: z.strictObject({
    hosts: z.int().nonnegative(),
    servers: z.int().nonnegative(),
    databases: z.int().nonnegative(),
    dataBytes: nonNeg,
    downtimeSeconds: nonNeg,
    conversionEffortHours: nonNeg,
    byPath: z.record(z.string(), z.int().nonnegative()),
    blocked: z.int().nonnegative(),
  }),
});
export type Plan = z.infer<typeof PlanSchema>;
export type PlanWave = z.infer<typeof PlanWaveSchema>;
export type PlanApplication = z.infer<typeof PlanApplicationSchema>;
export type PlanGraph = z.infer<typeof PlanGraphSchema>;
