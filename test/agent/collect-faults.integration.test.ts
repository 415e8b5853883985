/** Bad input and faults of the real scout-agent binary: exit codes, messages, no partial files. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile } from '../../agent/bundle/index.js';
import { AGENT_CLI, runAgent } from '../helpers/agent-cli.js';

const isRoot = process.getuid?.() === 0;
const QUICK = ['--duration', '1s', '--interval', '250ms', '--quiet'];

describe('scout-agent: usage errors exit 2 with one line naming the problem', () => {
  it.each([
    [['collect', '--bogus'], /Unknown option '--bogus'/],
    [['collect', '--duration', 'soon'], /--duration: "soon" is not a duration/],
    [['collect', '--interval', '5s', '--duration', '1s'], /--duration: must be at least one --interval/],
    [['collect', '--config', '/nonexistent/agent.yaml'], /config \/nonexistent\/agent\.yaml: cannot read/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['validate'], /give at least one bundle file/],
    [['collect', '--log-level', 'chatty'], /--log-level/],
  ])('%j', async (args, message) => {
    const r = await runAgent(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('rejects an invalid config file by key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scout-cfg-'));
    try {
      writeFileSync(path.join(dir, 'a.yaml'), 'interval: 1s\nmaxdisk: 3\n');
      const r = await runAgent(['collect', '--config', path.join(dir, 'a.yaml')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/a\.yaml: .*maxdisk/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each(['collect', 'run', 'validate', 'install', 'uninstall'])('%s --help prints usage and exits 0', async (cmd) => {
    const r = await runAgent([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: scout-agent ${cmd}`));
    expect(r.stdout).toMatch(/Exit codes/);
  });

  it('--help and --version at the top level', async () => {
    expect((await runAgent(['--help'])).stdout).toMatch(/Commands:/);
    expect((await runAgent(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await runAgent([])).code).toBe(2);
  });
});

describe('scout-agent collect: faults', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-faults-'));
  });
  afterAll(async () => {
    for (const m of ['full', 'ro']) {
      try {
        execFileSync('umount', [path.join(dir, m)], { stdio: 'ignore' });
      } catch {
        // not mounted
      }
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('records a failing and a hanging collector, still writes the bundle, exits 3', async () => {
    const out = path.join(dir, 'partial');
    const r = await runAgent(['collect', ...QUICK, '--collector-timeout', '500ms', '--out', out, '--state-dir', path.join(dir, 's'), '--json'], {
      env: { ...process.env, SCOUT_AGENT_TEST_FAULTS: 'packages:throw,cpu:hang' },
    });
    expect(r.code, r.stderr).toBe(3);
    const summary = JSON.parse(r.stdout) as { status: string; path: string; summary: { errors: number; samples: number } };
    expect(summary.status).toBe('ok');
    expect(summary.summary.errors).toBe(2);
    const b = await readBundleFile(summary.path);
    expect(b.errors.map((e) => [e.collector, e.code]).sort()).toEqual([
      ['cpu', 'timeout'],
      ['packages', 'error'],
    ]);
    // The other collectors delivered.
    expect(b.host!.inventory!.packages).toBeNull();
    expect(b.host!.inventory!.memory.totalBytes).toBeGreaterThan(0);
    expect(b.host!.performance.samples.length).toBeGreaterThan(0);
    expect(b.host!.processes.length).toBeGreaterThan(0);
  });

  it('exits 1 with a clear error when the output path is not a directory, leaving nothing', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await runAgent(['collect', ...QUICK, '--out', path.join(file, 'sub'), '--state-dir', path.join(dir, 's')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot create output directory .*a-file\/sub/);
  });

  it.runIf(isRoot)('exits 1 on a read-only output filesystem, leaving nothing', async () => {
    const ro = path.join(dir, 'ro');
    mkdirSync(ro);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]);
    const r = await runAgent(['collect', ...QUICK, '--out', ro, '--state-dir', path.join(dir, 's')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write bundle to .*ro: not writable \(EROFS\)/);
    expect(readdirSync(ro)).toEqual([]);
  });

  it.runIf(isRoot)('exits 1 on a full disk and removes its temp file', async () => {
    const full = path.join(dir, 'full');
    mkdirSync(full);
    // A filesystem of one 4 KiB page: the bundle cannot fit.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', full]);
    const r = await runAgent(['collect', ...QUICK, '--out', full, '--state-dir', path.join(dir, 's')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write bundle to .*full: disk full \(ENOSPC\)/);
    expect(readdirSync(full)).toEqual([]);
  });

  it('kill -9 during the write leaves no truncated bundle, and the daemon clears the temp file', async () => {
    const out = path.join(dir, 'killed');
    const child = spawn(process.execPath, [AGENT_CLI, 'collect', ...QUICK, '--out', out, '--state-dir', path.join(dir, 's'), '--log-level', 'silent'], {
      env: { ...process.env, SCOUT_AGENT_TEST_SLOW_WRITE_MS: '100' },
      stdio: 'ignore',
    });
    // Wait until the temp file exists, then kill the writer mid-write.
    const deadline = Date.now() + 20_000;
    let tmp: string | undefined;
    while (Date.now() < deadline && !tmp) {
      await new Promise((r) => setTimeout(r, 20));
      tmp = existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.tmp')) : undefined;
    }
    expect(tmp, 'the agent never started writing').toBeDefined();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const names = readdirSync(out);
    expect(names.filter((n) => n.endsWith('.scout.json.gz') && !n.startsWith('.'))).toEqual([]);
    expect(names).toEqual([tmp]);

    // The daemon's start-up removes temp files whose writer is gone.
    const run = spawn(process.execPath, [AGENT_CLI, 'run', '--interval', '200ms', '--segment', '1s', '--out', out, '--state-dir', path.join(dir, 's'), '--quiet'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1500));
    run.kill('SIGTERM');
    await new Promise((r) => run.once('close', r));
    const after = readdirSync(out);
    expect(after.some((n) => n.endsWith('.tmp'))).toBe(false);
    for (const n of after) await readBundleFile(path.join(out, n));
  });

  it('validate prints each problem as FILE: path: message and exits 3', async () => {
    const { gzipSync } = await import('node:zlib');
    const bad = path.join(dir, 'bad.scout.json.gz');
    writeFileSync(bad, gzipSync(JSON.stringify({ format: 'scout-bundle', formatVersion: 1, agent: { id: 'x' } })));
    const r = await runAgent(['validate', bad]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${bad}: agent.id: `);
    expect(r.stdout).toContain(`${bad}: collection: `);
    const fixtures = path.resolve(AGENT_CLI, '../../../test/fixtures/bundles');
    const good = readdirSync(fixtures).map((f) => path.join(fixtures, f));
    const ok = await runAgent(['validate', ...good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/: ok$/m);
  });
});
