import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULTS, type RawSettings } from '../config.js';
import { AppError, EXIT, errorMessage } from '../errors.js';
import { parseDuration, parseSize } from '../units.js';

export const SERVICE_NAME = 'scout-agent';
export const SERVICE_USER = 'scout-agent';
export const PATHS = {
  unit: '/etc/systemd/system/scout-agent.service',
  configDir: '/etc/scout-agent',
  config: '/etc/scout-agent/agent.yaml',
  stateDir: '/var/lib/scout-agent',
  outDir: '/var/lib/scout-agent/bundles',
} as const;

export interface InstallOptions {
  dryRun: boolean;
  /** Install under this directory instead of / (packaging, tests): no useradd, no systemctl. */
  root: string;
  withProcessDetails: boolean;
  keepData: boolean;
  settings: RawSettings;
}

/** The agent's entry point and the node binary that runs it, as absolute paths. */
function agentEntry(): { node: string; cli: string } {
  return { node: process.execPath, cli: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js') };
}

export function renderUnit(opts: { node: string; cli: string; withProcessDetails: boolean }): string {
  const caps = opts.withProcessDetails
    ? `# Lets the agent read the executable and open sockets of every process (see README).
AmbientCapabilities=CAP_SYS_PTRACE CAP_DAC_READ_SEARCH
CapabilityBoundingSet=CAP_SYS_PTRACE CAP_DAC_READ_SEARCH
`
    : `CapabilityBoundingSet=
`;
  return `# Written by "scout-agent install"; removed by "scout-agent uninstall".
[Unit]
Description=migration-scout discovery agent
Documentation=https://github.com/migration-scout/migration-scout#install-the-agent-on-a-server
After=network.target

[Service]
Type=simple
User=${SERVICE_USER}
Group=${SERVICE_USER}
ExecStart=${opts.node} ${opts.cli} run --config ${PATHS.config} --quiet
Restart=on-failure
RestartSec=10s
TimeoutStopSec=15s
KillSignal=SIGTERM
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=read-only
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes
${caps}ReadWritePaths=${PATHS.stateDir} ${PATHS.outDir}
Nice=10
IOSchedulingClass=idle
MemoryMax=256M

[Install]
WantedBy=multi-user.target
`;
}

/** agent.yaml: every setting the daemon reads, documented. */
export function renderConfig(settings: RawSettings): string {
  const interval = settings.interval ?? '15s';
  const segment = settings.segment ?? DEFAULTS.segment;
  const maxDisk = settings.maxDisk ?? DEFAULTS.maxDisk;
  // Check now, so a bad value fails the install rather than the service start.
  parseDuration(String(interval), '--interval');
  parseDuration(String(segment), '--segment');
  parseSize(String(maxDisk), '--max-disk');
  return `# scout-agent configuration, read by "scout-agent run --config ${PATHS.config}".
# Durations: 500ms, 15s, 1m, 1h, 24h. Sizes: 200MB, 1GiB. Flags and SCOUT_AGENT_*
# environment variables override these values.

# Where segment bundles are written; copy them off the host for "scout analyze".
out: ${PATHS.outDir}
# Where the agent id is kept (the id survives restarts and upgrades).
stateDir: ${PATHS.stateDir}
# Time between performance samples.
interval: ${interval}
# Time between TCP connection samples (reads /proc/net/tcp and process fd tables).
connectionsEvery: ${DEFAULTS.connectionsEvery}
# Time covered by one segment bundle.
segment: ${segment}
# How often the static inventory (OS, CPU, disks, packages, services) is refreshed.
inventoryEvery: ${DEFAULTS.inventoryEvery}
# Bundles kept in "out"; the oldest are deleted first.
maxDisk: ${maxDisk}
# Bound for each inventory collector.
collectorTimeout: ${DEFAULTS.collectorTimeout}
# fatal, error, warn, info, debug, trace or silent. Logs go to the journal (stderr).
logLevel: info
`;
}

interface Step {
  describe: string;
  run: () => void;
}

/** True when every directory down to `file` lets other users in, and the file is world-readable. */
function othersCanRead(file: string): boolean {
  try {
    if ((statSync(file).mode & 0o004) === 0) return false;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      if (path.dirname(dir) === dir) return true;
    }
  } catch {
    return false;
  }
}

function isRoot(): boolean {
  return (process.getuid?.() ?? 0) === 0;
}

function sh(file: string, args: string[]): void {
  execFileSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function execute(steps: Step[], dryRun: boolean): number {
  for (const step of steps) {
    if (dryRun) {
      process.stdout.write(`${step.describe}\n`);
      continue;
    }
    try {
      step.run();
      process.stdout.write(`done: ${step.describe.split('\n')[0]}\n`);
    } catch (err) {
      throw new AppError('install_failed', `${step.describe.split('\n')[0]}: ${errorMessage(err)}`);
    }
  }
  return EXIT.ok;
}

export function install(opts: InstallOptions): number {
  const under = (p: string) => path.join(opts.root, p);
  const live = opts.root === '/';
  if (live && !opts.dryRun && !isRoot()) throw new AppError('not_root', 'install must run as root (or use --dry-run)');
  const entry = agentEntry();
  const unit = renderUnit({ ...entry, withProcessDetails: opts.withProcessDetails });
  const config = renderConfig(opts.settings);
  const steps: Step[] = [];
  if (live && !othersCanRead(entry.cli)) {
    process.stderr.write(
      `scout-agent: warning: ${entry.cli} is not readable by other users, so the service user cannot run it; install the package globally (npm install -g) or move it under /opt\n`,
    );
  }
  if (live) {
    steps.push({
      describe: `create system user ${SERVICE_USER} (useradd --system --no-create-home --shell /usr/sbin/nologin)`,
      run: () => {
        if (!userExists(SERVICE_USER)) sh('useradd', ['--system', '--no-create-home', '--home-dir', PATHS.stateDir, '--shell', '/usr/sbin/nologin', SERVICE_USER]);
      },
    });
  }
  const owned = (p: string) => {
    if (live) sh('chown', [`${SERVICE_USER}:${SERVICE_USER}`, p]);
  };
  steps.push({
    describe: `create ${PATHS.stateDir} and ${PATHS.outDir} (mode 0750, owner ${SERVICE_USER})`,
    run: () => {
      mkdirSync(under(PATHS.outDir), { recursive: true, mode: 0o750 });
      owned(under(PATHS.stateDir));
      owned(under(PATHS.outDir));
    },
  });
  steps.push({
    describe: `write ${PATHS.config} (mode 0600, owner ${SERVICE_USER}):\n${indent(config)}`,
    run: () => {
      mkdirSync(under(PATHS.configDir), { recursive: true, mode: 0o755 });
      writeFileSync(under(PATHS.config), config, { mode: 0o600 });
      owned(under(PATHS.config));
    },
  });
  steps.push({
    describe: `write ${PATHS.unit}:\n${indent(unit)}`,
    run: () => {
      mkdirSync(path.dirname(under(PATHS.unit)), { recursive: true });
      writeFileSync(under(PATHS.unit), unit, { mode: 0o644 });
    },
  });
  if (live) {
    steps.push({
      describe: `systemctl daemon-reload && systemctl enable --now ${SERVICE_NAME}`,
      run: () => {
        if (!existsSync('/run/systemd/system')) throw new Error('systemd is not running on this host; the unit is written, start the agent another way');
        sh('systemctl', ['daemon-reload']);
        sh('systemctl', ['enable', '--now', SERVICE_NAME]);
      },
    });
  }
  return execute(steps, opts.dryRun);
}

export function uninstall(opts: InstallOptions): number {
  const under = (p: string) => path.join(opts.root, p);
  const live = opts.root === '/';
  if (live && !opts.dryRun && !isRoot()) throw new AppError('not_root', 'uninstall must run as root (or use --dry-run)');
  const steps: Step[] = [];
  if (live) {
    steps.push({
      describe: `systemctl disable --now ${SERVICE_NAME}`,
      run: () => {
        if (existsSync('/run/systemd/system')) {
          try {
            sh('systemctl', ['disable', '--now', SERVICE_NAME]);
          } catch {
            // not loaded: nothing to stop
          }
        }
      },
    });
  }
  steps.push({ describe: `remove ${PATHS.unit}`, run: () => rmSync(under(PATHS.unit), { force: true }) });
  if (live) {
    steps.push({
      describe: 'systemctl daemon-reload',
      run: () => {
        if (existsSync('/run/systemd/system')) sh('systemctl', ['daemon-reload']);
      },
    });
  }
  steps.push({ describe: `remove ${PATHS.configDir}`, run: () => rmSync(under(PATHS.configDir), { recursive: true, force: true }) });
  if (!opts.keepData) {
    steps.push({ describe: `remove ${PATHS.stateDir} (agent id and bundles)`, run: () => rmSync(under(PATHS.stateDir), { recursive: true, force: true }) });
  }
  if (live) {
    steps.push({
      describe: `remove system user ${SERVICE_USER}`,
      run: () => {
        if (userExists(SERVICE_USER)) sh('userdel', [SERVICE_USER]);
      },
    });
  }
  return execute(steps, opts.dryRun);
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}


