import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatIssues } from './bundle/validate.js';
import { AppError, errorMessage } from './errors.js';
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
}

const durationValue = z.union([z.string(), z.number().nonnegative()]);

/** The config file: YAML or JSON, the same keys as the long flags in camelCase. Unknown keys are errors. */
export const ConfigFileSchema = z.strictObject({
  out: z.string().optional(),
  duration: durationValue.optional(),
  interval: durationValue.optional(),
  segment: durationValue.optional(),
  inventoryEvery: durationValue.optional(),
  connectionsEvery: durationValue.optional(),
  collectorTimeout: durationValue.optional(),
  maxDisk: z.union([z.string(), z.number().nonnegative()]).optional(),
  stateDir: z.string().optional(),
  logLevel: z.enum(LOG_LEVELS).optional(),
  quiet: z.boolean().optional(),
});

export function defaultStateDir(uid = process.getuid?.() ?? 0, home = os.homedir()): string {
  if (uid === 0) return '/var/lib/scout-agent';
  const xdg = process.env.XDG_STATE_HOME;
  return xdg ? path.join(xdg, 'scout-agent') : path.join(home, '.local', 'state', 'scout-agent');
}

export function readConfigFile(file: string): RawSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('config_unreadable', `config ${file}: cannot read: ${errorMessage(err)}`, { file });
  }
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new AppError('config_invalid', `config ${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${errorMessage(err).split('\n')[0]}`, { file });
  }
  if (value === null || value === undefined) return {};
  const parsed = ConfigFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('config_invalid', `config ${file}: ${formatIssues(parsed.error.issues).join('; ')}`, { file });
  }
  return parsed.data;
}

function fromEnvironment(env: NodeJS.ProcessEnv): RawSettings {
  const out: RawSettings = {};
  for (const [key, name] of Object.entries(ENVIRONMENT) as [keyof RawSettings | 'config', string][]) {
    const value = env[name];
    if (value === undefined || value === '' || key === 'config') continue;
    if (key === 'quiet') out.quiet = value === '1' || value === 'true';
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
 * Any bad value is a usage error naming the setting.
 */
export function resolveConfig(flags: RawSettings & { config?: string; json?: boolean }, env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const configFile = flags.config ?? env[ENVIRONMENT.config] ?? null;
  const file = configFile ? readConfigFile(configFile) : {};
  const fromEnv = fromEnvironment(env);
  const get = <K extends keyof RawSettings>(k: K) => pick(flags[k], fromEnv[k], file[k]);
  const duration = (k: 'duration' | 'interval' | 'segment' | 'inventoryEvery' | 'connectionsEvery' | 'collectorTimeout') =>
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
  };
  checkRules(config);
  return config;
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
}
