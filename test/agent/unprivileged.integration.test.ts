/**
 * A collection as an unprivileged user (nobody): what needs root is listed as a
 * limitation, never silently empty. The test itself must run as root to switch users.
 */
import { chmodSync, chownSync, cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile, type Bundle } from '../../agent/bundle/index.js';
import { ROOT, runAgent, type CliResult } from '../helpers/agent-cli.js';

const NOBODY = 65534;

/** True when every directory from / down to `dir` lets others in. */
function othersCanReach(dir: string): boolean {
  let p = path.resolve(dir);
  for (;;) {
    if ((statSync(p).mode & 0o001) === 0) return false;
    const parent = path.dirname(p);
    if (parent === p) return true;
    p = parent;
  }
}

describe.runIf(process.getuid?.() === 0)('scout-agent collect as an unprivileged user', () => {
  let dir: string;
  let result: CliResult;
  let bundle: Bundle;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-unpriv-'));
    chmodSync(dir, 0o755);
    let cli = path.join(ROOT, 'dist', 'agent', 'cli.js');
    if (!othersCanReach(ROOT)) {
      // The checkout is not readable by other users: run a world-readable copy of the build.
      const copy = path.join(dir, 'app');
      for (const part of ['dist', 'node_modules', 'package.json']) cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
      cli = path.join(copy, 'dist', 'agent', 'cli.js');
    }
    const work = path.join(dir, 'work');
    mkdirSync(work);
    chownSync(work, NOBODY, NOBODY);
    result = await runAgent(['collect', '--duration', '2s', '--interval', '500ms', '--out', path.join(work, 'out'), '--state-dir', path.join(work, 'state')], {
      uid: NOBODY,
      gid: NOBODY,
      cwd: work,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work },
      cliPath: cli,
    });
    const out = path.join(work, 'out');
    bundle = await readBundleFile(path.join(out, readdirSync(out)[0]!));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a valid bundle owned by that user, mode 0600', () => {
    expect(result.code, result.stderr).toBe(0);
    const file = result.stdout.trim();
    const st = statSync(file);
    expect(st.uid).toBe(NOBODY);
    expect(st.mode & 0o777).toBe(0o600);
    expect(bundle.collection.runAs).toEqual({ uid: NOBODY, user: 'nobody', isRoot: false });
  });

  it('still delivers inventory, samples and the full process list', () => {
    expect(bundle.host!.inventory!.cpu.logicalCores).toBe(os.cpus().length);
    expect(bundle.host!.performance.samples.length).toBeGreaterThanOrEqual(3);
    const pids = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
    expect(bundle.host!.processes.length).toBeGreaterThan(pids / 2);
    // Root's processes are listed, with what an unprivileged user may not see left null.
    const rootProc = bundle.host!.processes.find((p) => p.uid === 0 && !p.isKernelThread && p.pid !== 1);
    expect(rootProc?.exe).toBeNull();
  });

  it('lists what needs root as limitations', () => {
    const byCollector = Object.fromEntries(bundle.limitations.map((l) => [l.collector + ':' + l.code, l]));
    expect(byCollector['processes:requires_root']?.affected).toBeGreaterThan(0);
    expect(byCollector['connections:requires_root']?.affected).toBeGreaterThan(0);
    // Listening sockets of root's servers are still listed, without an owner.
    expect(bundle.host!.listening.length).toBeGreaterThan(0);
  });
});
