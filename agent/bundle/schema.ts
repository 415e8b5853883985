/**
 * The scout bundle: the one contract between scout-agent and the analyzer.
 *
 * Every field the agent writes is declared here; the TypeScript types are inferred from
 * these schemas, `writeBundle` validates before writing and `readBundle` validates on read.
 * `npm run schema` exports it as JSON Schema (bundle.schema.json) for outside readers.
 *
 * Additive room: the database part (discovered servers and catalog rows) joins as the
 * optional `databases` key of format version 1; anything that changes the meaning of an
 * existing field, or what the catalog rows say, bumps BUNDLE_FORMAT_VERSION and adds an
 * upgrade step in validate.ts (see constants.ts for what each version changed).
 */
import { z } from 'zod';

import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './constants.js';

export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_FILE_SUFFIX } from './constants.js';

const isoTime = z.iso.datetime({ offset: true });
const nonNegInt = z.int().nonnegative();
const bytes = z.number().nonnegative();
const pct = z.number().min(0).max(100_000);

/** A collector that threw or passed its timeout; the rest of the bundle is still good. */
export const CollectorErrorSchema = z.strictObject({
  collector: z.string(),
  code: z.string(),
  message: z.string(),
  at: isoTime,
});

/** Something that could not be read (needs root, not present on this host), stated rather than left empty. */
export const LimitationSchema = z.strictObject({
  collector: z.string(),
  code: z.enum(['requires_root', 'not_available', 'permission_denied', 'truncated']),
  message: z.string(),
  affected: nonNegInt.optional(),
});

export const AddressSchema = z.strictObject({
  family: z.enum(['ipv4', 'ipv6']),
  address: z.string(),
  prefixLength: z.int().min(0).max(128).nullable(),
});

export const NetworkInterfaceSchema = z.strictObject({
  name: z.string(),
  mac: z.string().nullable(),
  addresses: z.array(AddressSchema),
  speedMbps: z.number().nullable(),
  mtu: z.int().nullable(),
  isUp: z.boolean().nullable(),
  isVirtual: z.boolean(),
  isLoopback: z.boolean(),
});

export const InventorySchema = z.strictObject({
  collectedAt: isoTime,
  hostname: z.string(),
  fqdn: z.string().nullable(),
  os: z.strictObject({
    platform: z.string(),
    distro: z.string().nullable(),
    release: z.string().nullable(),
    codename: z.string().nullable(),
    kernel: z.string(),
    arch: z.string(),
  }),
  virtualization: z.strictObject({
    isVirtual: z.boolean().nullable(),
    hypervisor: z.string().nullable(),
    container: z.string().nullable(),
    manufacturer: z.string().nullable(),
    model: z.string().nullable(),
    cloud: z
      .strictObject({
        provider: z.string(),
        evidence: z.string(),
        instanceId: z.string().nullable(),
      })
      .nullable(),
  }),
  cpu: z.strictObject({
    model: z.string().nullable(),
    vendor: z.string().nullable(),
    sockets: nonNegInt.nullable(),
    physicalCores: nonNegInt.nullable(),
    logicalCores: nonNegInt,
    mhz: z.number().nullable(),
    maxMhz: z.number().nullable(),
  }),
  memory: z.strictObject({ totalBytes: bytes, swapTotalBytes: bytes }),
  blockDevices: z.array(
    z.strictObject({
      name: z.string(),
      type: z.string().nullable(),
      sizeBytes: bytes,
      rotational: z.boolean().nullable(),
      model: z.string().nullable(),
      removable: z.boolean().nullable(),
    }),
  ),
  filesystems: z.array(
    z.strictObject({
      mount: z.string(),
      device: z.string(),
      type: z.string(),
      sizeBytes: bytes,
      usedBytes: bytes,
      availableBytes: bytes,
    }),
  ),
  network: z.strictObject({
    interfaces: z.array(NetworkInterfaceSchema),
    defaultGateway: z.strictObject({ ipv4: z.string().nullable(), ipv6: z.string().nullable() }),
    dnsServers: z.array(z.string()),
    searchDomains: z.array(z.string()),
  }),
  timezone: z.string().nullable(),
  bootTime: isoTime.nullable(),
  uptimeSeconds: z.number().nonnegative(),
  packages: z
    .strictObject({
      manager: z.enum(['dpkg', 'rpm']),
      count: nonNegInt,
      items: z.array(z.strictObject({ name: z.string(), version: z.string(), arch: z.string().nullable() })),
    })
    .nullable(),
  services: z
    .array(z.strictObject({ name: z.string(), description: z.string(), state: z.string() }))
    .nullable(),
});

export const ProcessSchema = z.strictObject({
  pid: z.int().positive(),
  ppid: nonNegInt,
  uid: nonNegInt.nullable(),
  user: z.string().nullable(),
  name: z.string(),
  exe: z.string().nullable(),
  /** Command line with secret-looking values masked by the agent. */
  cmdline: z.string(),
  /** Average CPU over the observation window, 100 = one full core. Null if seen only once. */
  cpuPct: z.number().nonnegative().nullable(),
  rssBytes: bytes,
  threads: nonNegInt.nullable(),
  startedAt: isoTime.nullable(),
  isKernelThread: z.boolean(),
});

export const ListeningSocketSchema = z.strictObject({
  protocol: z.enum(['tcp', 'tcp6', 'udp', 'udp6']),
  address: z.string(),
  port: z.int().min(0).max(65535),
  pid: z.int().positive().nullable(),
  process: z.string().nullable(),
});

export const TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
  'UNKNOWN',
] as const;

/** One TCP connection (4-tuple and process), aggregated over the samples that saw it. */
export const ConnectionSchema = z.strictObject({
  protocol: z.enum(['tcp', 'tcp6']),
  localAddress: z.string(),
  localPort: z.int().min(0).max(65535),
  remoteAddress: z.string(),
  remotePort: z.int().min(0).max(65535),
  direction: z.enum(['inbound', 'outbound']),
  pid: z.int().positive().nullable(),
  process: z.string().nullable(),
  state: z.enum(TCP_STATES),
  firstSeen: isoTime,
  lastSeen: isoTime,
  timesObserved: z.int().positive(),
});

const IoRateSchema = z.strictObject({
  readBytesPerSec: z.number().nonnegative(),
  writeBytesPerSec: z.number().nonnegative(),
  readOpsPerSec: z.number().nonnegative(),
  writeOpsPerSec: z.number().nonnegative(),
});

const NetRateSchema = z.strictObject({
  rxBytesPerSec: z.number().nonnegative(),
  txBytesPerSec: z.number().nonnegative(),
  rxPacketsPerSec: z.number().nonnegative(),
  txPacketsPerSec: z.number().nonnegative(),
});

/** One point of the performance time series; rates cover the interval that ends at `t`. */
export const PerfSampleSchema = z.strictObject({
  t: isoTime,
  cpu: z.strictObject({
    totalPct: pct,
    userPct: pct,
    systemPct: pct,
    iowaitPct: pct,
    stealPct: pct,
    perCorePct: z.array(pct),
  }),
  load: z.strictObject({ avg1: z.number(), avg5: z.number(), avg15: z.number() }),
  memory: z.strictObject({
    usedBytes: bytes,
    availableBytes: bytes,
    cachedBytes: bytes,
    swapUsedBytes: bytes,
  }),
  disk: z.strictObject({ total: IoRateSchema, devices: z.record(z.string(), IoRateSchema) }),
  network: z.strictObject({ total: NetRateSchema, interfaces: z.record(z.string(), NetRateSchema) }),
  filesystems: z.record(z.string(), z.strictObject({ usedBytes: bytes, sizeBytes: bytes })),
});

export const MetricSummarySchema = z.strictObject({
  count: nonNegInt,
  min: z.number(),
  avg: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
});

export const PerformanceSchema = z.strictObject({
  intervalMs: z.int().positive(),
  samples: z.array(PerfSampleSchema),
  /** Keyed by metric path, e.g. `cpu.totalPct`, `disk.devices.vda.readBytesPerSec`. */
  summary: z.record(z.string(), MetricSummarySchema),
});

export const HostPartSchema = z.strictObject({
  inventory: InventorySchema.nullable(),
  processes: z.array(ProcessSchema),
  listening: z.array(ListeningSocketSchema),
  connections: z.array(ConnectionSchema),
  connectionSamples: nonNegInt,
  performance: PerformanceSchema,
});

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function isRowObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One raw catalog row as the engine reported it (dates as ISO text, binary as text or
 * base64:). Checked as an object only: its values are JSON by construction (the agent's
 * toJsonValue on write, JSON.parse on read), and a deep check of millions of values cost
 * seconds per large bundle.
 */
export const RawRowSchema = z.custom<Record<string, JsonValue>>(isRowObject, { message: 'expected a row object' });
export const RawRowsSchema = z.array(RawRowSchema);

export const DB_ENGINES = ['postgres', 'mysql'] as const;
export const DB_FLAVORS = ['postgresql', 'rds-postgresql', 'aurora-postgresql', 'mysql', 'percona', 'mariadb', 'rds-mysql', 'rds-mariadb', 'aurora-mysql'] as const;

/** A database server found on the host from its process and sockets, without credentials. */
export const DiscoveredServerSchema = z.strictObject({
  engine: z.enum(['postgres', 'mysql', 'mariadb']),
  /** Where the version came from: the MySQL protocol handshake, PG_VERSION in the data directory, the binary's path, or nowhere. */
  version: z.string().nullable(),
  versionSource: z.enum(['handshake', 'data-directory', 'binary-path', 'none']),
  pid: z.int().positive().nullable(),
  process: z.string(),
  user: z.string().nullable(),
  listen: z.array(z.strictObject({ address: z.string(), port: z.int().min(0).max(65535) })),
  unixSockets: z.array(z.string()),
  dataDir: z.string().nullable(),
  configFile: z.string().nullable(),
});

/** One query the agent ran: the proof that collection is bulk (counts do not grow with tables). */
export const QueryStatSchema = z.strictObject({
  name: z.string(),
  database: z.string().nullable(),
  ms: z.number().nonnegative(),
  rows: nonNegInt,
  truncated: z.boolean(),
  error: z.string().nullable(),
});

export const DbErrorSchema = z.strictObject({
  stage: z.enum(['connect', 'server', 'database', 'query', 'workload']),
  database: z.string().nullable(),
  query: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  at: isoTime,
});

export const WorkloadSnapshotSchema = z.strictObject({
  at: isoTime,
  rows: z.record(z.string(), RawRowsSchema),
});

/** Everything read from one database server (one --db target). Rows are raw; the analyzer maps them. */
export const DatabaseServerSchema = z.strictObject({
  engine: z.enum(DB_ENGINES),
  target: z.strictObject({
    id: z.string(),
    /** The connection without its password. */
    url: z.string(),
    host: z.string().nullable(),
    /**
     * The IP addresses `host` resolved to on the collecting machine (an IP literal is its own);
     * how clients' connections are matched to a server reached by name. Absent in bundles of
     * agents before 2026-11-26 and when the name did not resolve.
     */
    addresses: z.array(z.string()).optional(),
    port: z.int().min(0).max(65535).nullable(),
    socket: z.string().nullable(),
    user: z.string(),
    source: z.enum(['flag', 'config', 'discovered']),
  }),
  connected: z.boolean(),
  startedAt: isoTime,
  endedAt: isoTime,
  server: z
    .strictObject({
      version: z.string(),
      /** 150004 for PostgreSQL 15.4, 100611 for MariaDB 10.6.11, 80036 for MySQL 8.0.36. */
      versionNum: nonNegInt,
      flavor: z.enum(DB_FLAVORS),
      flavorEvidence: z.array(z.string()),
      uptimeSeconds: z.number().nonnegative().nullable(),
      currentUser: z.string().nullable(),
      sizeBytes: z.number().nonnegative().nullable(),
    })
    .nullable(),
  /** Server-level rows keyed by query name: settings, roles, replication, extensions or plugins, databases… */
  serverRows: z.record(z.string(), RawRowsSchema),
  /** Per database (PostgreSQL) or schema (MySQL): catalog rows keyed by object kind. */
  databases: z.array(
    z.strictObject({
      name: z.string(),
      sizeBytes: z.number().nonnegative().nullable(),
      rows: z.record(z.string(), RawRowsSchema),
    }),
  ),
  workload: z.strictObject({ start: WorkloadSnapshotSchema.nullable(), end: WorkloadSnapshotSchema.nullable() }),
  queries: z.array(QueryStatSchema),
  errors: z.array(DbErrorSchema),
  limitations: z.array(LimitationSchema),
});

export const DatabasesPartSchema = z.strictObject({
  discovered: z.array(DiscoveredServerSchema),
  servers: z.array(DatabaseServerSchema),
});

export const BundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  agent: z.strictObject({
    id: z.uuid(),
    version: z.string(),
    hostname: z.string(),
  }),
  collection: z.strictObject({
    id: z.uuid(),
    mode: z.enum(['collect', 'run']),
    startedAt: isoTime,
    endedAt: isoTime,
    intervalMs: z.int().positive(),
    runAs: z.strictObject({ uid: nonNegInt, user: z.string().nullable(), isRoot: z.boolean() }),
    /** Daemon mode: which segment of which run this bundle is. Null for a one-shot collect. */
    segment: z
      .strictObject({
        runId: z.uuid(),
        index: nonNegInt,
        final: z.boolean(),
      })
      .nullable(),
    parts: z.strictObject({ host: z.boolean(), databases: z.boolean().default(false) }),
  }),
  /** Null when the host part was not collected (`--only databases`). */
  host: HostPartSchema.nullable(),
  /** Discovered database servers and what was read from each target. Absent in bundles of agents before the database part. */
  databases: DatabasesPartSchema.nullable().default(null),
  errors: z.array(CollectorErrorSchema),
  limitations: z.array(LimitationSchema),
});

export type Bundle = z.infer<typeof BundleSchema>;
export type HostPart = z.infer<typeof HostPartSchema>;
export type Inventory = z.infer<typeof InventorySchema>;
export type ProcessInfo = z.infer<typeof ProcessSchema>;
export type ListeningSocket = z.infer<typeof ListeningSocketSchema>;
export type Connection = z.infer<typeof ConnectionSchema>;
export type TcpState = (typeof TCP_STATES)[number];
export type PerfSample = z.infer<typeof PerfSampleSchema>;
export type MetricSummary = z.infer<typeof MetricSummarySchema>;
export type Performance = z.infer<typeof PerformanceSchema>;
export type CollectorError = z.infer<typeof CollectorErrorSchema>;
export type Limitation = z.infer<typeof LimitationSchema>;
export type NetworkInterfaceInfo = z.infer<typeof NetworkInterfaceSchema>;
export type RawRows = z.infer<typeof RawRowsSchema>;
export type DiscoveredServer = z.infer<typeof DiscoveredServerSchema>;
export type DatabaseServer = z.infer<typeof DatabaseServerSchema>;
export type DatabasesPart = z.infer<typeof DatabasesPartSchema>;
export type QueryStat = z.infer<typeof QueryStatSchema>;
export type DbError = z.infer<typeof DbErrorSchema>;
export type WorkloadSnapshot = z.infer<typeof WorkloadSnapshotSchema>;
export type DbFlavor = (typeof DB_FLAVORS)[number];
