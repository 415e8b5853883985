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
}

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
} as const;

