#!/usr/bin/env node
/**
 * scout-agent: argv → command. The only place that sets process.exitCode.
 * Exit codes: 0 ok; 1 unexpected error; 2 bad usage or config; 3 finished with
 * failures recorded (collectors failed, bundles invalid).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ENVIRONMENT, DEFAULTS, type RawSettings } from './settings.js';
import { AppError, EXIT, exitCodeFor, errorMessage } from './errors.js';
import { createLogger } from './log.js';
import { AGENT_VERSION } from './version.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  config: { type: 'string', short: 'c' },
  out: { type: 'string', short: 'o' },
  interval: { type: 'string' },
  'connections-every': { type: 'string' },
  'collector-timeout': { type: 'string' },
  'state-dir': { type: 'string' },
  'log-level': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  db: { type: 'string', multiple: true },
  'db-include': { type: 'string', multiple: true },
  'db-exclude': { type: 'string', multiple: true },
  only: { type: 'string' },
  'discover-connect': { type: 'boolean' },
  'db-connect-timeout': { type: 'string' },
  'db-statement-timeout': { type: 'string' },
  'db-lock-timeout': { type: 'string' },
  'db-parallel': { type: 'string' },
};

const DB_HELP = `
Databases (read-only; passwords never stored):
      --db URL                a server to read, repeatable: postgres://user@host:5432/[db]
                              mysql://user@host:3306/, mariadb://…; ?sslmode=require,
                              ?socket=/path for a unix socket. No password in the URL:
                              PGPASSWORD / ~/.pgpass, MYSQL_PWD, or passwordFile (0600) in
                              the config's databases: entries
      --db-include GLOB       only databases/schemas matching, repeatable (* and ?)
      --db-exclude GLOB       skip databases/schemas matching, repeatable
      --only host|databases   collect one part only; "databases" is for a managed database
                              (RDS, Aurora) read from another host
      --discover-connect      also read the local servers found on this host, as the OS
                              user over the unix socket (like psql and mysql do)
      --db-connect-timeout DUR, --db-statement-timeout DUR, --db-lock-timeout DUR
                              bounds per connection and statement (10s, 10s, 2s)
      --db-parallel N         PostgreSQL: connections that read one database side by side
                              in one snapshot, like pg_dump --jobs (default 1: one connection
                              per server at a time; up to 8 where the server's owner allows
                              more); each is read-only with the same timeouts`;

const COMMANDS: Record<string, { options: Options; usage: string }> = {
  collect: {
    options: { ...COMMON, duration: { type: 'string', short: 'd' }, json: { type: 'boolean' } },
    usage: `Usage: scout-agent collect [options]

One-shot collection: host inventory, performance samples, processes, listening sockets
and TCP connections. Writes one bundle <hostname>-<UTC time>.scout.json.gz (mode 0600)
and prints its path.

Options:
  -o, --out DIR               output directory (default ${DEFAULTS.out})
  -d, --duration DUR          how long to sample (default ${DEFAULTS.duration}); e.g. 500ms, 15s, 1m
      --interval DUR          time between performance samples (default ${DEFAULTS.interval})
      --connections-every DUR time between connection samples (default ${DEFAULTS.connectionsEvery})
      --collector-timeout DUR bound for each inventory collector (default ${DEFAULTS.collectorTimeout})
  -c, --config FILE           YAML or JSON config; flags override it
      --state-dir DIR         where the agent id is kept (default /var/lib/scout-agent as
                              root, ~/.local/state/scout-agent otherwise)
      --log-level LEVEL       fatal|error|warn|info|debug|trace|silent (default info)
  -q, --quiet                 no progress line, warnings and errors only
      --json                  print {"path", "summary"} as JSON on stdout
  -h, --help                  this text
${DB_HELP}
${envHelp()}
Exit codes: 0 ok, 1 unexpected error, 2 bad usage or config, 3 written but some
collectors failed (listed in the bundle's errors).`,
  },
  run: {
    options: {
      ...COMMON,
      segment: { type: 'string' },
      'inventory-every': { type: 'string' },
      'max-disk': { type: 'string' },
    },
    usage: `Usage: scout-agent run [options]

Daemon mode (for systemd): samples continuously and writes a segment bundle every
--segment, and one more on SIGTERM/SIGINT. Each segment is a complete bundle.

Options (plus those of collect, except --duration and --json):
      --segment DUR           time covered by one bundle (default ${DEFAULTS.segment})
      --inventory-every DUR   how often the static inventory is refreshed (default ${DEFAULTS.inventoryEvery})
      --max-disk SIZE         bundles kept in --out, oldest deleted first (default ${DEFAULTS.maxDisk})
${DB_HELP}
${envHelp()}
Exit codes: 0 stopped by a signal after writing the last segment, 1 unexpected error,
2 bad usage or config.`,
  },
  validate: {
    options: { help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean', short: 'q' } },
    usage: `Usage: scout-agent validate FILE...

Checks bundles against the bundle format and prints each problem as "FILE: path: message".
Exit codes: 0 all valid, 2 bad usage, 3 at least one bundle invalid or unreadable.`,
  },
  install: {
    options: {
      'dry-run': { type: 'boolean' },
      root: { type: 'string' },
      'with-process-details': { type: 'boolean' },
      interval: { type: 'string' },
      segment: { type: 'string' },
      'max-disk': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    usage: `Usage: scout-agent install [--dry-run] [options]   (as root)

Installs the agent as a systemd service running as the system user scout-agent:
writes /etc/systemd/system/scout-agent.service and /etc/scout-agent/agent.yaml (0600),
creates /var/lib/scout-agent/bundles, then enables and starts the service.

Options:
      --dry-run               print what would be written and run; change nothing
      --interval DUR, --segment DUR, --max-disk SIZE   written into agent.yaml
      --with-process-details  grant CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH, so the
                              agent can see the executable and sockets of every process
      --root DIR              install under DIR instead of / (for packaging and tests;
                              skips useradd and systemctl)
Exit codes: 0 ok, 1 failed, 2 bad usage or not root.`,
  },
  uninstall: {
    options: { 'dry-run': { type: 'boolean' }, root: { type: 'string' }, 'keep-data': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    usage: `Usage: scout-agent uninstall [--dry-run] [--keep-data]   (as root)

Stops and removes the service, its unit, /etc/scout-agent, the scout-agent user, and
/var/lib/scout-agent with its bundles (unless --keep-data).
Exit codes: 0 ok, 1 failed, 2 bad usage or not root.`,
  },
};

function envHelp(): string {
  const names = Object.values(ENVIRONMENT).join(', ');
  return `
Environment (between the config file and the flags in precedence):
  ${names}`;
}

const MAIN_USAGE = `Usage: scout-agent <command> [options]

Commands:
  collect     one-shot collection to a bundle file
  run         daemon mode: continuous sampling, a segment bundle per --segment
  validate    check bundle files against the format
  install     install as a systemd service (root)
  uninstall   remove the service (root)

Run "scout-agent <command> --help" for a command's options.
Version ${AGENT_VERSION}.`;

function toSettings(values: Record<string, unknown>): RawSettings & { config?: string; json?: boolean } {
  const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const out: RawSettings & { config?: string; json?: boolean } = {};
  const assign = (key: keyof RawSettings, flag: string) => {
    const v = s(flag);
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  };
  assign('out', 'out');
  assign('duration', 'duration');
  assign('interval', 'interval');
  assign('segment', 'segment');
  assign('inventoryEvery', 'inventory-every');
  assign('connectionsEvery', 'connections-every');
  assign('collectorTimeout', 'collector-timeout');
  assign('maxDisk', 'max-disk');
  assign('stateDir', 'state-dir');
  assign('logLevel', 'log-level');
  if (values.quiet === true) out.quiet = true;
  if (values['discover-connect'] === true) out.discoverConnect = true;
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : undefined);
  if (list('db')) out.databases = list('db');
  if (list('db-include')) out.dbInclude = list('db-include');
  if (list('db-exclude')) out.dbExclude = list('db-exclude');
  assign('only', 'only');
  assign('dbConnectTimeout', 'db-connect-timeout');
  assign('dbStatementTimeout', 'db-statement-timeout');
  assign('dbLockTimeout', 'db-lock-timeout');
  assign('dbParallel', 'db-parallel');
  if (values.json === true) out.json = true;
  const config = s('config');
  if (config !== undefined) out.config = config;
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${MAIN_USAGE}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return EXIT.ok;
  }
  const spec = COMMANDS[command];
  if (!spec) throw new AppError('usage', `unknown command "${command}" (try scout-agent --help)`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: command === 'validate', strict: true });
  } catch (err) {
    throw new AppError('usage', `${command}: ${errorMessage(err)}`);
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) {
    process.stdout.write(`${spec.usage}\n`);
    return EXIT.ok;
  }
  switch (command) {
    case 'collect': {
      const { resolveConfig } = await import('./config.js');
      const config = await resolveConfig(toSettings(values));
      const log = createLogger('scout-agent', config.logLevel);
      const { collect } = await import('./commands/collect.js');
      const result = await collect(config, log);
      process.stdout.write(config.json ? `${JSON.stringify({ status: 'ok', path: result.path, bytes: result.bytes, exitCode: result.exitCode, summary: result.summary })}\n` : `${result.path}\n`);
      return result.exitCode;
    }
    case 'run': {
      // The daemon parses its config in a worker so the parser's modules do not stay resident.
      const { runTask } = await import('./worker/run-task.js');
      const config = await runTask('config', { flags: toSettings(values), env: { ...process.env } }, 30_000);
      const log = createLogger('scout-agent', config.logLevel);
      const { runDaemon } = await import('./commands/run.js');
      return runDaemon(config, log);
    }
    case 'validate': {
      const { validateFiles } = await import('./commands/validate.js');
      if (parsed.positionals.length === 0) throw new AppError('usage', 'validate: give at least one bundle file');
      return validateFiles(parsed.positionals, Boolean(values.quiet));
    }
    case 'install':
    case 'uninstall': {
      const { install, uninstall } = await import('./commands/install.js');
      const opts = {
        dryRun: Boolean(values['dry-run']),
        root: typeof values.root === 'string' ? values.root : '/',
        withProcessDetails: Boolean(values['with-process-details']),
        keepData: Boolean(values['keep-data']),
        settings: toSettings(values),
      };
      return command === 'install' ? install(opts) : uninstall(opts);
    }
    default:
      throw new AppError('usage', `unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const code = exitCodeFor(err);
    const message = err instanceof AppError ? err.message : `unexpected error: ${errorMessage(err)}`;
    process.stderr.write(`scout-agent: ${message}\n`);
    if (!(err instanceof AppError) && process.env.SCOUT_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ status: 'error', error: { code: err instanceof AppError ? err.code : 'internal', message } })}\n`);
    }
    process.exitCode = code;
  },
);
