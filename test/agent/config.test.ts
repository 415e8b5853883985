import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStateDir, resolveConfig } from '../../agent/config.js';

describe('resolveConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the documented defaults', async () => {
    const c = await resolveConfig({}, {});
    expect(c).toMatchObject({ durationMs: 60_000, intervalMs: 5000, segmentMs: 3_600_000, maxDiskBytes: 200_000_000, logLevel: 'info' });
    expect(c.outDir).toBe(path.resolve('./scout-bundles'));
  });

  it('takes defaults < file < environment < flags', async () => {
    const file = path.join(dir, 'agent.yaml');
    await writeFile(file, 'interval: 2s\nduration: 30s\nsegment: 10m\nmaxDisk: 50MB\nout: /tmp/from-file\n');
    const c = await resolveConfig({ config: file, duration: '10s' }, { SCOUT_AGENT_SEGMENT: '5m', SCOUT_AGENT_DURATION: '20s' });
    expect(c).toMatchObject({ intervalMs: 2000, durationMs: 10_000, segmentMs: 300_000, maxDiskBytes: 50_000_000, outDir: '/tmp/from-file' });
  });

  it('reads JSON config and SCOUT_AGENT_CONFIG', async () => {
    const file = path.join(dir, 'agent.json');
    await writeFile(file, JSON.stringify({ interval: '1s', logLevel: 'debug' }));
    expect(await resolveConfig({}, { SCOUT_AGENT_CONFIG: file })).toMatchObject({ intervalMs: 1000, logLevel: 'debug' });
  });

  it('names the problem in a bad config', async () => {
    const unknown = path.join(dir, 'unknown.yaml');
    await writeFile(unknown, 'intervall: 2s\n');
    await expect(resolveConfig({ config: unknown }, {})).rejects.toThrow(/unknown\.yaml: .*intervall/);
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, 'interval: [\n');
    await expect(resolveConfig({ config: broken }, {})).rejects.toThrow(/broken\.yaml: not valid YAML/);
    await expect(resolveConfig({ config: path.join(dir, 'missing.yaml') }, {})).rejects.toThrow(/cannot read/);
    const badValue = path.join(dir, 'bad-value.yaml');
    await writeFile(badValue, 'interval: soon\n');
    await expect(resolveConfig({ config: badValue }, {})).rejects.toThrow(/--interval: "soon" is not a duration/);
  });

  it('checks rules between settings', async () => {
    await expect(resolveConfig({ interval: '10s', duration: '5s' }, {})).rejects.toThrow(/--duration: must be at least one --interval/);
    await expect(resolveConfig({ interval: '10ms' }, {})).rejects.toThrow(/--interval/);
    await expect(resolveConfig({ logLevel: 'loud' }, {})).rejects.toThrow(/--log-level/);
  });

  it('keeps state under /var/lib as root and under the home directory otherwise', () => {
    expect(defaultStateDir(0, '/root')).toBe('/var/lib/scout-agent');
    const saved = process.env.XDG_STATE_HOME;
    delete process.env.XDG_STATE_HOME;
    try {
      expect(defaultStateDir(1000, '/home/ann')).toBe('/home/ann/.local/state/scout-agent');
    } finally {
      if (saved !== undefined) process.env.XDG_STATE_HOME = saved;
    }
  });
});
