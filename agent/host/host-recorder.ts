import { readFileSync } from 'node:fs';
import type { HostPart, Inventory, PerfSample } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import { errorMessage } from '../errors.js';
import { PerfSampler } from '../perf/sampler.js';
import { summarizeSamples } from '../perf/summary.js';
import { readUserNames, snapshotProcesses, toProcessList, type ProcConstants, type ProcessSnapshot } from '../proc/processes.js';
import { readSocketOwners, readSocketTable } from '../proc/sockets.js';
import { parseProcStat } from '../proc/system-stats.js';
import { NetworkObserver } from './network-observer.js';

/** Bounds the samples one bundle holds (a 1 h segment at 1 s is 3,600). */
export const MAX_SAMPLES_PER_WINDOW = 100_000;

export interface RecorderOptions {
  intervalMs: number;
  connectionsEveryMs: number;
  procConstants: ProcConstants;
  isRoot: boolean;
}

/** Clock ticks and page size, asked once (getconf) at start; the Linux defaults otherwise. */
export async function readProcConstants(run: (file: string, args: string[]) => Promise<string>): Promise<ProcConstants> {
  const num = async (name: string, fallback: number) => {
    try {
      const n = Number((await run('getconf', [name])).trim());
      return Number.isFinite(n) && n > 0 ? n : fallback;
    } catch {
      return fallback;
    }
  };
  let bootTimeMs: number | null = null;
  try {
    const btime = parseProcStat(readFileSync('/proc/stat', 'utf8')).bootTimeSec;
    bootTimeMs = btime === null ? null : btime * 1000;
  } catch {
    bootTimeMs = null;
  }
  return { clockTicks: await num('CLK_TCK', 100), pageSize: await num('PAGESIZE', 4096), bootTimeMs };
}

/**
 * Records the host's dynamic state over a window: a performance sample per interval,
 * socket samples at the slower connection cadence, and process snapshots at the start
 * and end of the window. Used by the one-shot collect (one window) and the daemon (one
 * window per segment). Nothing here spawns a process.
 */
export class HostRecorder {
  private readonly sampler = new PerfSampler();
  private readonly network = new NetworkObserver();
  private samples: PerfSample[] = [];
  private firstProcs: ProcessSnapshot | null = null;
  private lastConnectionSampleMs = 0;
  private readonly ctx: () => CollectorContext;
  private readonly opts: RecorderOptions;

  /** `ctx` is a getter because the daemon starts a new context per segment. */
  constructor(ctx: () => CollectorContext, opts: RecorderOptions) {
    this.ctx = ctx;
    this.opts = opts;
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** Sets the baselines: the first perf reading, a process snapshot and a socket sample. */
  start(): void {
    this.guard('performance', () => this.sampler.sample());
    this.firstProcs = this.guard('processes', () => snapshotProcesses()) ?? null;
    this.sampleConnections();
  }

  /** One interval tick: a perf sample, plus a socket sample when that is due. */
  tick(now = Date.now()): void {
    const sample = this.guard('performance', () => this.sampler.sample());
    if (sample && this.samples.length < MAX_SAMPLES_PER_WINDOW) this.samples.push(sample);
    if (now - this.lastConnectionSampleMs >= this.opts.connectionsEveryMs) this.sampleConnections(now);
  }

  refreshDevices(): void {
    this.sampler.refreshDevices();
  }

  private sampleConnections(now = Date.now()): void {
    this.lastConnectionSampleMs = now;
    this.guard('connections', () => {
      const table = readSocketTable();
      const owners = readSocketOwners();
      this.network.observe(table, owners, new Date(now));
      if (owners.deniedPids > 0) {
        this.ctx().limit({
          collector: 'connections',
          code: this.opts.isRoot ? 'permission_denied' : 'requires_root',
          message: 'the owning process of sockets held by other users’ processes cannot be read without root (or CAP_SYS_PTRACE); those connections have no pid',
          affected: owners.deniedPids,
        });
      }
      if (table.missing.includes('tcp')) this.ctx().limit({ collector: 'connections', code: 'not_available', message: '/proc/net/tcp is not readable' });
    });
  }

  /**
   * Closes the window: a last socket sample and process snapshot, and the host part of a
   * bundle. The next window starts from this snapshot.
   */
  finishWindow(inventory: Inventory | null): HostPart {
    this.sampleConnections();
    const ctx = this.ctx();
    const last = this.guard('processes', () => snapshotProcesses());
    let processes: HostPart['processes'] = [];
    if (last) {
      processes = toProcessList(this.firstProcs, last, this.opts.procConstants, readUserNames());
      const denied = [...last.processes.values()].filter((p) => p.exeDenied).length;
      if (denied > 0) {
        ctx.limit({
          collector: 'processes',
          code: this.opts.isRoot ? 'permission_denied' : 'requires_root',
          message: 'the executable path of other users’ processes cannot be read without root (or CAP_SYS_PTRACE); their exe is null',
          affected: denied,
        });
      }
      if (last.truncated > 0) ctx.limit({ collector: 'processes', code: 'truncated', message: 'process list cut at its bound', affected: last.truncated });
    }
    if (this.network.dropped > 0) {
      ctx.limit({ collector: 'connections', code: 'truncated', message: 'connection table cut at its bound', affected: this.network.dropped });
    }
    const part: HostPart = {
      inventory,
      processes,
      listening: this.network.listening(),
      connections: this.network.connections(),
      connectionSamples: this.network.samples,
      performance: {
        intervalMs: this.opts.intervalMs,
        samples: this.samples,
        summary: summarizeSamples(this.samples),
      },
    };
    this.samples = [];
    this.network.reset();
    this.firstProcs = last ?? this.firstProcs;
    return part;
  }

  /** Runs a sampling step; a failure is recorded once per collector and message, and sampling goes on. */
  private guard<T>(collector: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      const ctx = this.ctx();
      if (!ctx.errors.some((e) => e.collector === collector && e.message === errorMessage(err))) ctx.fail(collector, err);
      return undefined;
    }
  }
}
