/**
 * The config file: YAML or JSON, the same keys as the long flags in camelCase, checked against
 * a schema (unknown keys are errors). Loaded by resolveConfig only when there is a file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { formatIssues } from './zod-issues.js';
import { AppError, errorMessage } from './errors.js';
import { LOG_LEVELS } from './log.js';
import type { RawSettings } from './settings.js';

const durationValue = z.union([z.string(), z.number().nonnegative()]);

/** Unknown keys are errors. */
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
  databases: z
    .array(
      z.union([
        z.string(),
        z.strictObject({
          url: z.string(),
          passwordFile: z.string().optional(),
          include: z.array(z.string()).optional(),
          exclude: z.array(z.string()).optional(),
        }),
      ]),
    )
    .optional(),
  dbInclude: z.array(z.string()).optional(),
  dbExclude: z.array(z.string()).optional(),
  only: z.enum(['all', 'host', 'databases']).optional(),
  discoverConnect: z.boolean().optional(),
  dbConnectTimeout: durationValue.optional(),
  dbStatementTimeout: durationValue.optional(),
  dbLockTimeout: durationValue.optional(),
  dbParallel: z.union([z.string(), z.number().int().positive()]).optional(),
});

/** The YAML parser, loaded on the first YAML config file only: most runs have none, and it costs tens of ms to load. */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
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

