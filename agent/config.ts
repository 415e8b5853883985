import os from 'node:os';
import path from 'node:path';
import { AppError } from './errors.js';
import { LOG_LEVELS, type LogLevel } from './log.js';
import { parseDuration, parseSize } from './units.js';
import { DEFAULTS, ENVIRONMENT } from './settings.js';

export { DEFAULTS, ENVIRONMENT, type RawSettings } from './settings.js';
import type { RawSettings } from './settings.js';

/** The settings every agent command resolves from defaults, the config file, the environment and flags. */
export interface AgentConfig {
  outDir: string;
  durationMs: number;
  intervalMs: number;
  segmentMs: number;
  inventoryEveryMs: number;
  connectionsEveryMs: number;
  collectorTimeoutMs: number;
  maxDiskBytes: number;
  stateDir: string;
  logLevel: LogLevel;
  quiet: boolean;
  json: boolean;
  configFile: string | null;
  /** Database targets as given (URL, passwordFile, patterns); parsed into DbTargets by the command. */
  databases: { url: string; passwordFile?: string | undefined; include: string[]; exclude: string[]; source: 'flag' | 'config' }[];
  /** What to collect: everything, the host part only, or the databases only (a managed database read from another host). */
  only: 'all' | 'host' | 'databases';
  discoverConnect: boolean;
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  dbLockTimeoutMs: number;
  /** PostgreSQL: at most this many connections read one database side by side (1: one connection). */
  dbParallel: number;
}

/** Where the agent keeps its id and its state between runs. */
export function defaultStateDir(uid = process.getuid?.() ?? 0, home = os.homedir()): string {
  if (uid === 0) return '/var/lib/scout-agent';
  const xdg = process.env.XDG_STATE_HOME;
  return xdg ? path.join(xdg, 'scout-agent') : path.join(home, '.local', 'state', 'scout-agent');
}

function fromEnvironment(env: NodeJS.ProcessEnv): RawSettings {
  const out: RawSettings = {};
  for (const [key, name] of Object.entries(ENVIRONMENT) as [keyof RawSettings | 'config', string][]) {
    const value = env[name];
    if (value === undefined || value === '' || key === 'config') continue;
    if (key === 'quiet' || key === 'discoverConnect') out[key] = value === '1' || value === 'true';
    else if (key === 'databases') out.databases = value.split(/\s+/).filter(Boolean);
    else if (key === 'dbInclude' || key === 'dbExclude') out[key] = value.split(',').map((v) => v.trim()).filter(Boolean);
    else out[key] = value;
  }
  return out;
}

function pick<T>(...values: (T | undefined)[]): T | undefined {
  for (const v of values) if (v !== undefined) return v;
  return undefined;
}

/**
 * Resolves settings: defaults < config file < environment < flags.
 * Any bad value is a usage error naming the setting. The config file's reader (and its schema,
 * zod: about 100 ms to load) is loaded only when there is a file: a collect started with flags
 * alone starts that much sooner.
 */
export async function resolveConfig(flags: RawSettings & { config?: string; json?: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  const configFile = flags.config ?? env[ENVIRONMENT.config] ?? null;
  const file = configFile ? (await import('./config-file.js')).readConfigFile(configFile) : {};
  const fromEnv = fromEnvironment(env);
  const get = <K extends keyof RawSettings>(k: K) => pick(flags[k], fromEnv[k], file[k]);
  const duration = (k: 'duration' | 'interval' | 'segment' | 'inventoryEvery' | 'connectionsEvery' | 'collectorTimeout' | 'dbConnectTimeout' | 'dbStatementTimeout' | 'dbLockTimeout') =>
    parseDuration(String(get(k) ?? DEFAULTS[k]), `--${kebab(k)}`);

  const logLevel = String(get('logLevel') ?? (get('quiet') ? 'warn' : 'info'));
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new AppError('usage', `--log-level: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const config: AgentConfig = {
    outDir: path.resolve(String(get('out') ?? DEFAULTS.out)),
    durationMs: duration('duration'),
    intervalMs: duration('interval'),
    segmentMs: duration('segment'),
    inventoryEveryMs: duration('inventoryEvery'),
    connectionsEveryMs: duration('connectionsEvery'),
    collectorTimeoutMs: duration('collectorTimeout'),
    maxDiskBytes: parseSize(String(get('maxDisk') ?? DEFAULTS.maxDisk), '--max-disk'),
    stateDir: path.resolve(String(get('stateDir') ?? defaultStateDir())),
    logLevel: logLevel as LogLevel,
    quiet: Boolean(get('quiet')),
    json: Boolean(flags.json),
    configFile,
    databases: resolveDatabases(flags, fromEnv, file),
    only: resolveOnly(get('only')),
    discoverConnect: Boolean(get('discoverConnect')),
    dbConnectTimeoutMs: duration('dbConnectTimeout'),
    dbStatementTimeoutMs: duration('dbStatementTimeout'),
    dbLockTimeoutMs: duration('dbLockTimeout'),
    dbParallel: resolveDbParallel(get('dbParallel')),
  };
  checkRules(config);
  return config;
}

/** Upper bound of --db-parallel: still few connections for a busy server. */
const MAX_DB_PARALLEL = 8;

function resolveDbParallel(value: string | number | undefined): number {
  if (value === undefined) return DEFAULTS.dbParallel;
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_DB_PARALLEL) throw new AppError('usage', `--db-parallel: "${value}" is not a whole number from 1 to ${MAX_DB_PARALLEL}`);
  return n;
}

function resolveOnly(value: string | undefined): AgentConfig['only'] {
  if (value === undefined) return 'all';
  if (value === 'all' || value === 'host' || value === 'databases') return value;
  throw new AppError('usage', `--only: "${value}" is not one of host, databases`);
}

/**
 * Targets from flags, or else the environment, or else the config file (each replaces
 * the next, like any other setting); --db-include / --db-exclude add to every target.
 */
function resolveDatabases(flags: RawSettings, env: RawSettings, file: RawSettings): AgentConfig['databases'] {
  const fromFlags = flags.databases?.length ? { list: flags.databases, source: 'flag' as const } : null;
  const fromEnv = env.databases?.length ? { list: env.databases, source: 'flag' as const } : null;
  const chosen = fromFlags ?? fromEnv ?? { list: file.databases ?? [], source: 'config' as const };
  const include = pick(flags.dbInclude, env.dbInclude, file.dbInclude) ?? [];
  const exclude = pick(flags.dbExclude, env.dbExclude, file.dbExclude) ?? [];
  return chosen.list.map((entry) => {
    const e = typeof entry === 'string' ? { url: entry } : entry;
    return {
      url: e.url,
      passwordFile: e.passwordFile,
      include: [...(e.include ?? []), ...include],
      exclude: [...(e.exclude ?? []), ...exclude],
      source: chosen.source,
    };
  });
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function checkRules(c: AgentConfig): void {
  const rule = (ok: boolean, message: string) => {
    if (!ok) throw new AppError('usage', message);
  };
  rule(c.intervalMs >= 100, '--interval: must be at least 100ms');
  rule(c.durationMs >= c.intervalMs, '--duration: must be at least one --interval');
  rule(c.segmentMs >= c.intervalMs, '--segment: must be at least one --interval');
  rule(c.connectionsEveryMs >= 100, '--connections-every: must be at least 100ms');
  rule(c.collectorTimeoutMs >= 100, '--collector-timeout: must be at least 100ms');
  rule(c.inventoryEveryMs >= 60_000, '--inventory-every: must be at least 1m');
  rule(c.maxDiskBytes >= 64 * 1024, '--max-disk: must be at least 64KiB');
  rule(c.only !== 'databases' || c.databases.length > 0 || c.discoverConnect, '--only databases: give at least one --db (or --discover-connect)');
  rule(c.dbStatementTimeoutMs >= 100 && c.dbConnectTimeoutMs >= 100 && c.dbLockTimeoutMs >= 100, '--db-*-timeout: must be at least 100ms');
}
