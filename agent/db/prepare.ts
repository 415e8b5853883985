import type { Logger } from 'pino';
import type { AgentConfig } from '../config.js';
import { DatabaseCollection } from './collect-databases.js';
import { parseTargetUrl } from './targets.js';
import { DEFAULT_CATALOG_OPTIONS, type CatalogOptions } from './types.js';

export function catalogOptions(config: AgentConfig): CatalogOptions {
  return {
    ...DEFAULT_CATALOG_OPTIONS,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    lockTimeoutMs: config.dbLockTimeoutMs,
    dbParallel: config.dbParallel,
  };
}

/**
 * The database part of a collection, or null with --only host. Targets are parsed (and
 * their passwords resolved) here, before any collection starts, so a bad URL or a
 * world-readable passwordFile is a usage error at once.
 */
export function prepareDatabases(config: AgentConfig, log: Logger): DatabaseCollection | null {
  if (config.only === 'host') return null;
  const targets = config.databases.map((spec) => parseTargetUrl(spec));
  return new DatabaseCollection(targets, catalogOptions(config), log.child({ module: 'db' }), config.discoverConnect);
}
