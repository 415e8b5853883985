/**
 * TaskSession (agent/worker/run-task.ts): one worker thread running several tasks one after
 * the other, as the one-shot collect does for its two database phases. Runs the built
 * module (dist/), since the worker loads the compiled task entry.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ROOT } from '../helpers/agent-cli.js';

const MODULE = path.join(ROOT, 'dist/agent/worker/run-task.js');
type RunTaskModule = typeof import('../../agent/worker/run-task.js');

describe('TaskSession', () => {
  let mod: RunTaskModule;
  beforeAll(async () => {
    assertBuilt();
    mod = (await import(pathToFileURL(MODULE).href)) as RunTaskModule;
  });

  it('runs several tasks in one worker, and refuses more once closed', async () => {
    const session = new mod.TaskSession();
    try {
      const a = await session.run('config', { flags: { interval: '2s' }, env: {} }, 30_000);
      const b = await session.run('config', { flags: { interval: '3s', dbParallel: '3' }, env: {} }, 30_000);
      expect(a.intervalMs).toBe(2000);
      expect(b).toMatchObject({ intervalMs: 3000, dbParallel: 3 });
      // A task's own error comes back as it does from runTask, and the session goes on.
      await expect(session.run('config', { flags: { interval: 'soon' }, env: {} }, 30_000)).rejects.toThrow(/--interval/);
      expect((await session.run('config', { flags: {}, env: {} }, 30_000)).dbParallel).toBe(1);
    } finally {
      session.close();
    }
    await expect(session.run('config', { flags: {}, env: {} }, 30_000)).rejects.toThrow(/closed/);
  });

  it('a task that does not answer in time is a timeout and ends the session', async () => {
    const session = new mod.TaskSession();
    await expect(session.run('config', { flags: {}, env: {} }, 1)).rejects.toMatchObject({ code: 'timeout' });
    await expect(session.run('config', { flags: {}, env: {} }, 30_000)).rejects.toThrow(/closed/);
  });

  it('an idle session does not keep the process alive', async () => {
    const script = `const { TaskSession } = await import(${JSON.stringify(pathToFileURL(MODULE).href)});
      const s = new TaskSession();
      const c = await s.run('config', { flags: {}, env: {} }, 30000);
      process.stdout.write(String(c.dbParallel));`;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scout-session-'));
    const file = path.join(dir, 'idle-session.mjs');
    await writeFile(file, script);
    const started = Date.now();
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('error', reject);
      child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout })));
    });
    await rm(dir, { recursive: true, force: true });
    expect(out).toEqual({ code: 0, stdout: '1' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
