/**
 * Runs the real `scout-agent collect` on this machine and checks the bundle against what
 * the test reads itself from /proc, and against a process and a TCP server it starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile, type Bundle } from '../../agent/bundle/index.js';
import { runAgent, type CliResult } from '../helpers/agent-cli.js';

const SECRET = `hunter-${randomBytes(4).toString('hex')}`;

describe('scout-agent collect (real run on this machine)', () => {
  let dir: string;
  let result: CliResult;
  let bundle: Bundle;
  let proc: ChildProcess;
  let procName: string;
  let server: net.Server;
  let client: net.Socket;
  let serverPort: number;
  let clientPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-collect-'));
    // A process with a unique name (the kernel's comm is the name of the link it was run by),
    // carrying secrets on its command line that must come out masked.
    procName = `sct${randomBytes(3).toString('hex')}`;
    symlinkSync('/usr/bin/python3', path.join(dir, procName));
    proc = spawn(path.join(dir, procName), ['-c', 'import time; time.sleep(60)', `--password=${SECRET}`, `postgres://app:${SECRET}@db/x`], { stdio: 'ignore' });

    server = net.createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverPort = (server.address() as net.AddressInfo).port;
    client = net.connect(serverPort, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', resolve));
    clientPort = client.localPort!;

    result = await runAgent(['collect', '--duration', '3s', '--interval', '500ms', '--out', path.join(dir, 'out'), '--state-dir', path.join(dir, 'state'), '--log-level', 'info']);
    const outFiles = readdirSync(path.join(dir, 'out'));
    bundle = await readBundleFile(path.join(dir, 'out', outFiles[0]!));
  });

  afterAll(async () => {
    proc?.kill('SIGKILL');
    client?.destroy();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the path of the one bundle it wrote', () => {
    expect(result.code, result.stderr).toBe(0);
    const files = readdirSync(path.join(dir, 'out'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${os.hostname().replace(/[^A-Za-z0-9._-]/g, '_')}-\\d{8}T\\d{6}Z\\.scout\\.json\\.gz$`));
    expect(result.stdout.trim()).toBe(path.join(dir, 'out', files[0]!));
  });

  it('logs JSON lines on stderr and nothing else on stdout', () => {
    const lines = result.stderr.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('matches what /proc says about this host', () => {
    const inv = bundle.host!.inventory!;
    const logical = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => /^processor\s*:/.test(l)).length;
    const memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(inv.cpu.logicalCores).toBe(logical);
    expect(inv.memory.totalBytes).toBe(memTotalKb * 1024);
    expect(inv.hostname).toBe(readFileSync('/proc/sys/kernel/hostname', 'utf8').trim());
    expect(inv.os.kernel).toBe(readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
    expect(inv.filesystems.map((f) => f.mount)).toContain('/');
    expect(inv.network.interfaces.map((i) => i.name)).toContain('lo');
    expect(bundle.agent.hostname).toBe(inv.hostname);
  });

  it('has a sample per interval with every metric and a summary', () => {
    const perf = bundle.host!.performance;
    expect(perf.intervalMs).toBe(500);
    expect(perf.samples.length).toBeGreaterThanOrEqual(5);
    expect(perf.samples.length).toBeLessThanOrEqual(6);
    const s = perf.samples[0]!;
    expect(s.cpu.perCorePct).toHaveLength(os.cpus().length);
    expect(s.memory.usedBytes + s.memory.availableBytes).toBe(bundle.host!.inventory!.memory.totalBytes);
    for (const key of ['cpu.totalPct', 'load.avg1', 'memory.usedBytes', 'memory.swapUsedBytes', 'disk.total.readBytesPerSec', 'disk.total.writeOpsPerSec', 'network.total.rxBytesPerSec', 'network.total.txPacketsPerSec', 'filesystems./.usedBytes']) {
      expect(perf.summary[key], key).toMatchObject({ count: perf.samples.length });
      const { min, avg, p50, p95, p99, max } = perf.summary[key]!;
      expect(min).toBeLessThanOrEqual(p50);
      expect(p50).toBeLessThanOrEqual(p95);
      expect(p95).toBeLessThanOrEqual(p99);
      expect(p99).toBeLessThanOrEqual(max);
      expect(avg).toBeLessThanOrEqual(max);
    }
  });

  it('lists the process the test started, with its secrets masked', () => {
    const p = bundle.host!.processes.find((x) => x.name === procName);
    expect(p, `${procName} not in the process list`).toBeDefined();
    expect(p!.pid).toBe(proc.pid);
    expect(p!.ppid).toBe(process.pid);
    expect(p!.exe).toMatch(/python3/);
    expect(p!.cmdline).toContain('--password=***');
    expect(p!.cmdline).toContain('postgres://app:***@db/x');
    expect(p!.rssBytes).toBeGreaterThan(0);
    expect(p!.cpuPct).not.toBeNull();
    expect(Date.parse(p!.startedAt!)).toBeGreaterThan(Date.now() - 120_000);
  });

  it('never writes the secret anywhere', async () => {
    const { gunzipSync } = await import('node:zlib');
    const out = readdirSync(path.join(dir, 'out'));
    const raw = gunzipSync(readFileSync(path.join(dir, 'out', out[0]!))).toString();
    expect(raw).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('lists the test’s TCP server as listening, owned by this process', () => {
    const l = bundle.host!.listening.find((x) => x.port === serverPort && x.protocol === 'tcp');
    expect(l).toEqual({ protocol: 'tcp', address: '127.0.0.1', port: serverPort, pid: process.pid, process: expect.any(String) });
  });

  it('sees the connection from both ends with the right direction', () => {
    const conns = bundle.host!.connections;
    const outbound = conns.find((c) => c.localPort === clientPort && c.remotePort === serverPort);
    const inbound = conns.find((c) => c.localPort === serverPort && c.remotePort === clientPort);
    expect(outbound).toMatchObject({ direction: 'outbound', state: 'ESTABLISHED', pid: process.pid, remoteAddress: '127.0.0.1' });
    expect(inbound).toMatchObject({ direction: 'inbound', state: 'ESTABLISHED', pid: process.pid });
    // Sampled at start and end at least; aggregated, not one row per sample.
    expect(outbound!.timesObserved).toBeGreaterThanOrEqual(2);
    expect(Date.parse(outbound!.lastSeen)).toBeGreaterThan(Date.parse(outbound!.firstSeen));
    expect(bundle.host!.connectionSamples).toBeGreaterThanOrEqual(2);
  });

  it('records identity and what could not be read', () => {
    expect(bundle.collection.mode).toBe('collect');
    expect(bundle.collection.segment).toBeNull();
    expect(bundle.collection.runAs.isRoot).toBe(process.getuid!() === 0);
    expect(Date.parse(bundle.collection.endedAt) - Date.parse(bundle.collection.startedAt)).toBeGreaterThanOrEqual(3000);
    expect(bundle.errors).toEqual([]);
    const agentId = readFileSync(path.join(dir, 'state', 'agent-id'), 'utf8').trim();
    expect(bundle.agent.id).toBe(agentId);
  });
});
