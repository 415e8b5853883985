/** Daemon mode: segments, graceful stop, agent id across restarts, the disk cap. */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile, type Bundle } from '../../agent/bundle/index.js';
import { enforceDiskCap } from '../../agent/commands/run.js';
import { AGENT_CLI } from '../helpers/agent-cli.js';

interface DaemonRun {
  code: number | null;
  stopMs: number;
  stderr: string;
  bundles: Bundle[];
}

const bundleFiles = (out: string): string[] => (existsSync(out) ? readdirSync(out).filter((n) => n.endsWith('.scout.json.gz') && !n.startsWith('oldhost-')) : []);

/** Resolves after `ms`, or, with `untilBundles`, once that many segment bundles are written (at most 60 s): a loaded machine starts slower. */
async function waitFor(ms: number, out: string, untilBundles: number | undefined): Promise<void> {
  if (untilBundles === undefined) return new Promise((r) => setTimeout(r, ms));
  const deadline = Date.now() + 60_000;
  while (bundleFiles(out).length < untilBundles && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Starts `scout-agent run`, lets it work for `ms` (or until `untilBundles` segments exist), sends SIGTERM and times the stop. */
async function runDaemonFor(ms: number, args: string[], out: string, untilBundles?: number): Promise<DaemonRun> {
  const child = spawn(process.execPath, [AGENT_CLI, 'run', ...args, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  const early = await Promise.race([closed.then(() => true), waitFor(ms, out, untilBundles).then(() => false)]);
  if (early) throw new Error(`scout-agent run exited before SIGTERM: ${stderr}`);
  const sentAt = Date.now();
  child.kill('SIGTERM');
  const code = await closed;
  const stopMs = Date.now() - sentAt;
  const bundles: Bundle[] = [];
  for (const f of bundleFiles(out)) bundles.push(await readBundleFile(path.join(out, f)));
  bundles.sort((a, b) => a.collection.startedAt.localeCompare(b.collection.startedAt));
  return { code, stopMs, stderr, bundles };
}

describe('scout-agent run (daemon)', () => {
  let dir: string;
  let first: DaemonRun;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-run-'));
    // Three full segments, then the stop writes a fourth, final one.
    first = await runDaemonFor(0, ['--interval', '250ms', '--segment', '1s', '--state-dir', path.join(dir, 'state'), '--log-level', 'info'], path.join(dir, 'out1'), 3);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops gracefully on SIGTERM in under 5 s with exit 0', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stopMs).toBeLessThan(5000);
    expect(first.stderr).toMatch(/"msg":"agent stopped"/);
  });

  it('writes a complete bundle per segment plus a last one on stop', () => {
    const b = first.bundles;
    expect(b.length).toBeGreaterThanOrEqual(4);
    expect(b.map((x) => x.collection.segment!.index)).toEqual(b.map((_, i) => i));
    expect(b.slice(0, -1).every((x) => !x.collection.segment!.final)).toBe(true);
    expect(b[b.length - 1]!.collection.segment!.final).toBe(true);
    expect(new Set(b.map((x) => x.collection.segment!.runId)).size).toBe(1);
    expect(new Set(b.map((x) => x.agent.id)).size).toBe(1);
    for (const x of b) {
      expect(x.collection.mode).toBe('run');
      expect(x.host!.inventory, 'every segment carries the inventory').not.toBeNull();
      expect(x.host!.processes.length).toBeGreaterThan(0);
    }
    // Full segments hold about one second of 250 ms samples: 4 on a quiet machine, at least 2
    // when a loaded one delays ticks (a late tick is taken late, not twice).
    for (const x of b.slice(1, -1)) expect(x.host!.performance.samples.length).toBeGreaterThanOrEqual(2);
  });

  it('makes segments contiguous: each starts where the previous ended', () => {
    const b = first.bundles;
    for (let i = 1; i < b.length; i++) expect(b[i]!.collection.startedAt).toBe(b[i - 1]!.collection.endedAt);
  });

  it('keeps the agent id across a restart, with a new run id', async () => {
    const second = await runDaemonFor(1500, ['--interval', '250ms', '--segment', '1s', '--state-dir', path.join(dir, 'state'), '--quiet'], path.join(dir, 'out2'));
    expect(second.code).toBe(0);
    expect(second.bundles[0]!.agent.id).toBe(first.bundles[0]!.agent.id);
    expect(second.bundles[0]!.collection.segment!.runId).not.toBe(first.bundles[0]!.collection.segment!.runId);
  });

  it('deletes the oldest bundles first to stay under --max-disk, and logs each deletion', async () => {
    const out = path.join(dir, 'capped');
    mkdirSync(out);
    // Five old 400 KB bundles, oldest first; the cap of 1 MB leaves room for two of them.
    const old = ['a', 'b', 'c', 'd', 'e'].map((tag, i) => {
      const f = path.join(out, `oldhost-2020010${i + 1}T000000Z.scout.json.gz`);
      writeFileSync(f, Buffer.alloc(400_000, tag));
      const t = new Date(Date.UTC(2020, 0, i + 1)).getTime() / 1000;
      utimesSync(f, t, t);
      return f;
    });
    const run = await runDaemonFor(1500, ['--interval', '250ms', '--segment', '10s', '--max-disk', '1MB', '--state-dir', path.join(dir, 'state')], out);
    expect(run.code).toBe(0);
    expect(old.map(existsSync)).toEqual([false, false, false, true, true]);
    const deletions = run.stderr.split('\n').filter((l) => l.includes('deleted oldest bundle'));
    expect(deletions).toHaveLength(3);
    expect(deletions[0]).toContain('20200101');
  });
});

describe('scout-agent run with a database target (MariaDB 10.11 on this machine)', () => {
  it('reads the workload at the start and the end of every segment, and the catalog at its end', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scout-run-db-'));
    try {
      const run = await runDaemonFor(
        2600,
        ['--interval', '250ms', '--segment', '1s', '--db', 'mariadb://root@127.0.0.1:3306/', '--db-include', 'mysql_no_such_schema_*', '--state-dir', path.join(dir, 'state'), '--quiet'],
        path.join(dir, 'out'),
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.bundles.length).toBeGreaterThanOrEqual(2);
      for (const b of run.bundles) {
        expect(b.collection.parts).toEqual({ host: true, databases: true });
        const server = b.databases!.servers[0]!;
        expect(server.connected).toBe(true);
        expect(server.workload.start?.rows.global_status?.length).toBeGreaterThan(100);
        expect(server.workload.end?.rows.global_status?.length).toBeGreaterThan(100);
        expect(Date.parse(server.workload.start!.at)).toBeLessThan(Date.parse(server.workload.end!.at));
        expect(b.databases!.discovered.map((d) => d.engine)).toContain('mariadb');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('enforceDiskCap', () => {
  it('never deletes the newest bundle and ignores other files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scout-cap-'));
    try {
      writeFileSync(path.join(dir, 'notes.txt'), Buffer.alloc(5000));
      const files = [1, 2, 3].map((n) => {
        const f = path.join(dir, `h-2024010${n}T000000Z.scout.json.gz`);
        writeFileSync(f, Buffer.alloc(3000));
        utimesSync(f, n * 1000, n * 1000);
        return f;
      });
      const deleted = enforceDiskCap(dir, 1000, pino({ level: 'silent' }));
      expect(deleted).toEqual([files[0], files[1]]);
      expect(readdirSync(dir).sort()).toEqual(['h-20240103T000000Z.scout.json.gz', 'notes.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
