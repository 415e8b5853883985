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
    // The fixture given twice (copy and original) counts once.
    expect(out.hosts).toHaveLength(1);
    expect(out.hosts[0]!.bundles).toBe(1);
    expect(out.hosts[0]!.samples).toBeGreaterThan(0);
  });

  it('exits 2 on bad usage and 0 on --help', () => {
    expect(spawnSync(process.execPath, [SCOUT, 'summary'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [SCOUT, '--nope'], { encoding: 'utf8' }).status).toBe(2);
    const help = spawnSync(process.execPath, [SCOUT, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scout/);
  });
});
