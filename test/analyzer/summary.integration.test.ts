import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/agent-cli.js';

const SCOUT = path.join(ROOT, 'dist', 'analyzer', 'cli.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'bundles');

describe('scout summary', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-summary-'));
    for (const f of readdirSync(FIXTURES)) await copyFile(path.join(FIXTURES, f), path.join(dir, f));
    await writeFile(path.join(dir, 'broken.scout.json.gz'), 'not gzip, not json');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('summarizes valid bundles, skips a bad one by name, exits 3', () => {
    const r = spawnSync(process.execPath, [SCOUT, 'summary', '--json', dir, FIXTURES], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`skipped ${path.join(dir, 'broken.scout.json.gz')}: not valid JSON`);
    const out = JSON.parse(r.stdout) as { hosts: { bundles: number; samples: number }[] };
    // Each fixture (one per format version, each from its own agent) given twice, copy and original, counts once.
    const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.scout.json.gz'));
    expect(out.hosts).toHaveLength(fixtures.length);
    for (const h of out.hosts) expect(h.bundles).toBe(1);
    // The v1 fixture has the host part with its samples; the v2 one is databases only.
    expect(out.hosts.some((h) => h.samples > 0)).toBe(true);
  });

  it('exits 2 on bad usage and 0 on --help', () => {
    expect(spawnSync(process.execPath, [SCOUT, 'summary'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [SCOUT, '--nope'], { encoding: 'utf8' }).status).toBe(2);
    const help = spawnSync(process.execPath, [SCOUT, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scout/);
  });
});
