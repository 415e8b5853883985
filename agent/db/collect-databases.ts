import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CollectedDatabasesPart, CollectedDatabaseServer } from '../bundle/build.js';
import type { DatabaseServer, DiscoveredServer, WorkloadSnapshot } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import { readUserNames, snapshotProcesses, type ProcessSnapshot } from '../proc/processes.js';
import { readSocketOwners, readSocketTable } from '../proc/sockets.js';
import { addHandshakeVersions, findDatabaseServers, parseProcNetUnix } from './discover.js';
import { QueryRecorder } from './query-recorder.js';
import { resolveHostAddresses } from './resolve-host.js';
import { targetId } from './targets.js';
import type { CatalogOptions, DbEngine, DbTarget, EngineCollector } from './types.js';

/** Loads an engine's collector only when a target of that engine exists. */
async function engineCollector(engine: DbEngine): Promise<EngineCollector> {
  if (engine === 'postgres') return (await import('./postgres/collect.js')).postgresCollector;
  return (await import('./mysql/collect.js')).mysqlCollector;
}

/** Local defaults for a discovered server, as `psql` and `mysql` use without arguments: the OS user over the unix socket. */
export function targetsForDiscovered(servers: DiscoveredServer[], osUser: string, existing: DbTarget[]): DbTarget[] {
  const out: DbTarget[] = [];
  for (const s of servers) {
    const engine: DbEngine = s.engine === 'postgres' ? 'postgres' : 'mysql';
    const sock = s.unixSockets[0] ?? null;
    const port = s.listen[0]?.port ?? (engine === 'postgres' ? 5432 : 3306);
    // PostgreSQL sockets are named by directory and port (libpq's host=/dir).
    const socket = sock ? (engine === 'postgres' ? path.dirname(sock) : sock) : null;
    const portFromSocket = sock && engine === 'postgres' ? Number(/\.s\.PGSQL\.(\d+)$/.exec(sock)?.[1] ?? port) : port;
    const clash = existing.some((t) => t.engine === engine && (t.port === portFromSocket || (socket !== null && t.socket === socket)));
    if (clash) continue;
    const base = {
      engine,
      scheme: engine === 'postgres' ? 'postgres' : s.engine,
      host: socket ? null : (s.listen[0]?.address ?? '127.0.0.1').replace(/^0\.0\.0\.0$/, '127.0.0.1').replace(/^::$/, '::1'),
      port: portFromSocket,
      socket,
      user: osUser,
      database: null,
      include: [],
      exclude: [],
      sslmode: 'disable' as const,
      source: 'discovered' as const,
    };
    out.push({ ...base, id: targetId(base), password: null });
  }
  return out;
}

interface Pending {
  target: DbTarget;
  rec: QueryRecorder;
  startedAt: Date;
  workloadStart: WorkloadSnapshot | null;
  /** What the target's host name resolved to (resolve-host.ts), looked up during the window. */
  addresses: string[];
}

/** What the start of a window leaves for its end, as plain data (it crosses a worker boundary). */
export interface PendingState {
  targetId: string;
  startedAt: string;
  workloadStart: WorkloadSnapshot | null;
  addresses: string[];
  stats: QueryRecorder['stats'];
  errors: QueryRecorder['errors'];
  limitations: QueryRecorder['limitations'];
}

/**
 * The database part of one bundle: discovery (no credentials), then for each target a
 * workload snapshot at the start of the window and the full read at its end. Targets
 * are read one after the other, so a server never sees more than one agent connection.
 */
export class DatabaseCollection {
  discovered: DiscoveredServer[] = [];
  private pending: Pending[] = [];

  constructor(
    private targets: DbTarget[],
    private readonly catalog: CatalogOptions,
    private readonly log: Logger,
    private readonly discoverConnect: boolean,
  ) {}

  /** The start-of-window state, to be handed to a fresh collection with `restore`. */
  exportState(): { discovered: DiscoveredServer[]; pending: PendingState[] } {
    return {
      discovered: this.discovered,
      pending: this.pending.map((p) => ({
        targetId: p.target.id,
        startedAt: p.startedAt.toISOString(),
        workloadStart: p.workloadStart,
        addresses: p.addresses,
        stats: p.rec.stats,
        errors: p.rec.errors,
        limitations: p.rec.limitations,
      })),
    };
  }

  /** Takes over the state `exportState` gave, re-deriving discovered targets the same way. */
  async restore(state: { discovered: DiscoveredServer[]; pending: PendingState[] }): Promise<void> {
    this.discovered = state.discovered;
    await this.addDiscoveredTargets();
    const byId = new Map(state.pending.map((p) => [p.targetId, p]));
    this.pending = [];
    for (const target of this.targets) {
      const saved = byId.get(target.id);
      if (!saved) continue;
      const rec = new QueryRecorder(this.log.child({ target: target.id }), this.catalog);
      rec.stats.push(...saved.stats);
      rec.errors.push(...saved.errors);
      rec.limitations.push(...saved.limitations);
      this.pending.push({ target, rec, startedAt: new Date(saved.startedAt), workloadStart: saved.workloadStart, addresses: saved.addresses ?? [] });
    }
  }

  private async addDiscoveredTargets(): Promise<void> {
    if (!this.discoverConnect) return;
    const { userInfo } = await import('node:os');
    this.targets = [...this.targets, ...targetsForDiscovered(this.discovered, userInfo().username, this.targets)];
  }

  /** Finds the local servers; with --discover-connect they become targets too. */
  async discover(ctx: CollectorContext, procs?: ProcessSnapshot): Promise<void> {
    this.discovered = await ctx.run(
      'db-discovery',
      async () => {
        const unixText = readFileSync('/proc/net/unix', 'utf8');
        const found = findDatabaseServers(procs ?? snapshotProcesses(), readSocketTable(), readSocketOwners(), parseProcNetUnix(unixText), readUserNames());
        await addHandshakeVersions(found);
        return found;
      },
      [],
    );
    this.log.info({ servers: this.discovered.map((s) => `${s.engine} ${s.version ?? '?'} pid ${s.pid}`) }, 'database servers discovered');
    await this.addDiscoveredTargets();
  }

  /** Workload counters at the start of the window, one target at a time; the targets' host names are looked up meanwhile, all at once. */
  async start(): Promise<void> {
    this.pending = [];
    const resolving = this.targets.map((t) => (t.socket === null ? resolveHostAddresses(t.host) : Promise.resolve([])));
    for (const target of this.targets) {
      const rec = new QueryRecorder(this.log.child({ target: target.id }), this.catalog);
      const startedAt = new Date();
      let workloadStart: WorkloadSnapshot | null = null;
      try {
        workloadStart = await (await engineCollector(target.engine)).readWorkload(target, this.catalog, rec);
      } catch (err) {
        rec.fail('workload', null, null, err);
      }
      this.pending.push({ target, rec, startedAt, workloadStart, addresses: [] });
    }
    const addresses = await Promise.all(resolving);
    this.pending.forEach((p, i) => (p.addresses = addresses[i] ?? []));
  }

  /** The full read of every target at the end of the window; failures are recorded in the bundle and the collector context. */
  async finish(ctx: CollectorContext): Promise<CollectedDatabasesPart> {
    if (this.pending.length !== this.targets.length) await this.start();
    const servers: CollectedDatabaseServer[] = [];
    for (const p of this.pending) {
      const { target, rec } = p;
      let reading: Awaited<ReturnType<EngineCollector['collectServer']>> | null = null;
      try {
        reading = await (await engineCollector(target.engine)).collectServer(target, this.catalog, rec);
      } catch (err) {
        rec.fail('connect', null, null, err);
      }
      const { addresses } = p;
      const server: CollectedDatabaseServer = {
        engine: target.engine,
        target: {
          id: target.id,
          url: target.id,
          host: target.host,
          ...(addresses.length > 0 ? { addresses } : {}),
          port: target.port,
          socket: target.socket,
          user: target.user,
          source: target.source,
        },
        // Connected means the server answered at least one statement, even if later ones failed.
        connected: reading?.server != null || rec.stats.some((q) => q.error === null),
        startedAt: p.startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        server: reading?.server ?? null,
        serverRows: reading?.serverRows ?? {},
        databases: reading?.databases ?? [],
        workload: { start: p.workloadStart, end: reading?.workloadEnd ?? null },
        queries: rec.stats,
        errors: dedupeConnectErrors(rec),
        limitations: rec.limitations,
      };
      servers.push(server);
      for (const l of rec.limitations) ctx.limit({ ...l, collector: `db ${target.id}: ${l.collector}` });
      if (server.errors.length > 0) {
        const first = server.errors[0]!;
        const err = Object.assign(new Error(`${target.id}: ${server.errors.length} step(s) failed; first: ${first.stage}${first.query ? ` ${first.query}` : ''}${first.database ? ` in ${first.database}` : ''}: ${first.message}`), {
          code: first.code,
        });
        ctx.fail(`db ${target.id}`, err);
      }
      this.log.info({ target: target.id, connected: server.connected, databases: server.databases.length, queries: rec.stats.length, errors: server.errors.length }, 'database server collected');
    }
    this.pending = [];
    return { discovered: this.discovered, servers };
  }
}

/** A server that refuses the start snapshot refuses the end read too: report the cause once. */
function dedupeConnectErrors(rec: QueryRecorder): DatabaseServer['errors'] {
  const seen = new Set<string>();
  return rec.errors.filter((e) => {
    if (e.stage !== 'connect' && e.stage !== 'workload') return true;
    const key = `${e.database ?? ''}|${e.code}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
