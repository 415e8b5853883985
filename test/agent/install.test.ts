/** scout-agent install/uninstall, into a --root directory (no useradd, no systemctl) and as a dry run. */
import { readFileSync, statSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../agent/config.js';
import { runAgent } from '../helpers/agent-cli.js';

describe('scout-agent install / uninstall', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'scout-install-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('--dry-run prints the unit and config and changes nothing', async () => {
    const r = await runAgent(['install', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('create system user scout-agent');
    expect(r.stdout).toContain('write /etc/systemd/system/scout-agent.service');
    expect(r.stdout).toContain('write /etc/scout-agent/agent.yaml (mode 0600');
    expect(r.stdout).toContain('systemctl daemon-reload && systemctl enable --now scout-agent');
    expect(existsSync('/etc/scout-agent/agent.yaml')).toBe(false);
    const u = await runAgent(['uninstall', '--dry-run']);
    expect(u.code).toBe(0);
    expect(u.stdout).toContain('remove system user scout-agent');
  });

  it('writes a hardened unit and a 0600 config the daemon accepts', async () => {
    const r = await runAgent(['install', '--root', root, '--interval', '10s', '--segment', '30m', '--max-disk', '500MB']);
    expect(r.code, r.stderr).toBe(0);
    const unit = readFileSync(path.join(root, 'etc/systemd/system/scout-agent.service'), 'utf8');
    for (const line of ['User=scout-agent', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/scout-agent /var/lib/scout-agent/bundles', 'Restart=on-failure']) {
      expect(unit).toContain(line);
    }
    expect(unit).toMatch(/^ExecStart=\/\S+node\S* \/\S+\/dist\/agent\/cli\.js run --config \/etc\/scout-agent\/agent\.yaml/m);
    expect(unit).not.toContain('CAP_SYS_PTRACE');
    const configFile = path.join(root, 'etc/scout-agent/agent.yaml');
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(root, 'var/lib/scout-agent/bundles'))).toBe(true);
    // The written config is valid for the daemon, with the chosen values.
    const config = await resolveConfig({ config: configFile }, {});
    expect(config).toMatchObject({ intervalMs: 10_000, segmentMs: 1_800_000, maxDiskBytes: 500_000_000, outDir: '/var/lib/scout-agent/bundles', stateDir: '/var/lib/scout-agent' });
  });

  it('grants process-detail capabilities only when asked', async () => {
    const other = path.join(root, 'caps');
    const r = await runAgent(['install', '--root', other, '--with-process-details']);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(other, 'etc/systemd/system/scout-agent.service'), 'utf8')).toContain('AmbientCapabilities=CAP_SYS_PTRACE CAP_DAC_READ_SEARCH');
  });

  it('rejects a bad value before writing anything', async () => {
    const other = path.join(root, 'bad');
    const r = await runAgent(['install', '--root', other, '--interval', 'often']);
    expect(r.code).toBe(2);
    expect(existsSync(other)).toBe(false);
  });

  it('uninstall removes it all, or keeps the data when asked', async () => {
    const keep = await runAgent(['uninstall', '--root', root, '--keep-data']);
    expect(keep.code).toBe(0);
    expect(existsSync(path.join(root, 'etc/scout-agent'))).toBe(false);
    expect(existsSync(path.join(root, 'etc/systemd/system/scout-agent.service'))).toBe(false);
    expect(existsSync(path.join(root, 'var/lib/scout-agent/bundles'))).toBe(true);
    const all = await runAgent(['uninstall', '--root', root]);
    expect(all.code).toBe(0);
    expect(existsSync(path.join(root, 'var/lib/scout-agent'))).toBe(false);
  });
});
