/**
 * Setting names, defaults and environment variables: plain data, apart from the parser in
 * config.ts so the CLI's help text does not load it.
 */
/** Settings as they may appear in a config file, an environment variable or a flag (strings or numbers). */
export interface RawSettings {
  out?: string;
  duration?: string | number;
  interval?: string | number;
  segment?: string | number;
  inventoryEvery?: string | number;
  connectionsEvery?: string | number;
  collectorTimeout?: string | number;
  maxDisk?: string | number;
  stateDir?: string;
  logLevel?: string;
  quiet?: boolean;
  /** Database targets: URLs, or config-file entries with a passwordFile and patterns. */
  databases?: DatabaseSetting[];
  dbInclude?: string[];
  dbExclude?: string[];
  only?: string;
  discoverConnect?: boolean;
  dbConnectTimeout?: string | number;
  dbStatementTimeout?: string | number;
  dbLockTimeout?: string | number;
  /** PostgreSQL: connections reading one database side by side. */
  dbParallel?: string | number;
}

export type DatabaseSetting = string | { url: string; passwordFile?: string | undefined; include?: string[] | undefined; exclude?: string[] | undefined };

/** Environment variables, each the same as its flag. */
export const ENVIRONMENT: Record<keyof RawSettings | 'config', string> = {
  config: 'SCOUT_AGENT_CONFIG',
  out: 'SCOUT_AGENT_OUT',
  duration: 'SCOUT_AGENT_DURATION',
  interval: 'SCOUT_AGENT_INTERVAL',
  segment: 'SCOUT_AGENT_SEGMENT',
  inventoryEvery: 'SCOUT_AGENT_INVENTORY_EVERY',
  connectionsEvery: 'SCOUT_AGENT_CONNECTIONS_EVERY',
  collectorTimeout: 'SCOUT_AGENT_COLLECTOR_TIMEOUT',
  maxDisk: 'SCOUT_AGENT_MAX_DISK',
  stateDir: 'SCOUT_AGENT_STATE_DIR',
  logLevel: 'SCOUT_AGENT_LOG_LEVEL',
  quiet: 'SCOUT_AGENT_QUIET',
  databases: 'SCOUT_AGENT_DB',
  dbInclude: 'SCOUT_AGENT_DB_INCLUDE',
  dbExclude: 'SCOUT_AGENT_DB_EXCLUDE',
  only: 'SCOUT_AGENT_ONLY',
  discoverConnect: 'SCOUT_AGENT_DISCOVER_CONNECT',
  dbConnectTimeout: 'SCOUT_AGENT_DB_CONNECT_TIMEOUT',
  dbStatementTimeout: 'SCOUT_AGENT_DB_STATEMENT_TIMEOUT',
  dbLockTimeout: 'SCOUT_AGENT_DB_LOCK_TIMEOUT',
  dbParallel: 'SCOUT_AGENT_DB_PARALLEL',
};

export const DEFAULTS = {
  out: './scout-bundles',
  duration: '60s',
  interval: '5s',
  segment: '1h',
  inventoryEvery: '24h',
  connectionsEvery: '15s',
  collectorTimeout: '30s',
  maxDisk: '200MB',
  dbConnectTimeout: '10s',
  dbStatementTimeout: '10s',
  dbLockTimeout: '2s',
  // The rule for someone else's server: one connection per server at a time. More is
  // opt-in (--db-parallel), for a replica or a window where the owner allows it.
  dbParallel: 1,
} as const;

