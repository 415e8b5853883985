/** Command lines from /proc: plain argv, and titles rewritten by setproctitle (postgres, redis). */
import { describe, expect, it } from 'vitest';
import { parseCmdline, snapshotProcesses } from '../../../agent/proc/processes.js';

describe('parseCmdline', () => {
  it('splits a normal argv and drops the final NUL', () => {
    expect(parseCmdline('/usr/sbin/nats-server\u0000-a\u0000127.0.0.1\u0000')).toEqual(['/usr/sbin/nats-server', '-a', '127.0.0.1']);
  });

  it('keeps an argument with spaces when there are several arguments', () => {
    expect(parseCmdline('/bin/sh\0-c\0echo a b\0')).toEqual(['/bin/sh', '-c', 'echo a b']);
  });

  it('reads a rewritten title as ps shows it, without the empty tail', () => {
    expect(parseCmdline('postgres: 15/main: checkpointer \0\0\0\0\0\0')).toEqual(['postgres:', '15/main:', 'checkpointer']);
    expect(parseCmdline('redis-server 127.0.0.1:6379\0\0\0')).toEqual(['redis-server', '127.0.0.1:6379']);
  });

  it('gives no arguments for an empty cmdline (kernel thread)', () => {
    expect(parseCmdline('')).toEqual([]);
  });
});

describe('process snapshot on this machine (PostgreSQL 15 rewrites its titles)', () => {
  it('has no empty tail in the arguments of any process, and shows the postgres background titles', () => {
    const snap = snapshotProcesses();
    const all = [...snap.processes.values()];
    expect(all.length).toBeGreaterThan(0);
    for (const p of all) expect(p.argv.at(-1), `pid ${p.pid}: ${JSON.stringify(p.argv)}`).not.toBe('');
    expect(all.some((p) => p.argv[0] === 'postgres:' && p.argv.length >= 2)).toBe(true);
  });
});
