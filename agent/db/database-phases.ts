import type { DraftDatabasesPart } from '../bundle/build.js';
import type { DiscoveredServer } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import type { AgentConfig } from '../config.js';
import { runTask } from '../worker/run-task.js';
import type { PendingState } from './collect-databases.js';
import { parseTargetUrl } from './targets.js';

/**
 * The database part of a window, read in worker threads: the workload snapshot at the
 * start, the catalog and the second snapshot at the end. The drivers and the catalog
 * rows live in the worker's isolate only, so a long-running daemon stays small between
 * reads. State between the two phases is plain data; passwords stay in the workers,
 * which resolve them from the config and the environment themselves.
 */
export class DatabasePhases {
  private state: { discovered: DiscoveredServer[]; pending: PendingState[] } | null = null;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: AgentConfig,
    private readonly discover: boolean,
  ) {
    // Targets are checked here, before anything is collected: a bad URL or an open passwordFile is a usage error now.
    for (const spec of config.databases) parseTargetUrl(spec);
    // A safety bound only: every statement inside has its own timeout.
    const targets = config.databases.length + (config.discoverConnect ? 4 : 0) + 1;
    this.timeoutMs = targets * (config.dbConnectTimeoutMs + 60 * config.dbStatementTimeoutMs) + 60_000;
  }

  async start(ctx: CollectorContext): Promise<void> {
    try {
      const out = await runTask('db-start', { config: this.config, discover: this.discover }, this.timeoutMs);
      merge(ctx, out);
      this.state = { discovered: out.discovered, pending: out.pending };
    } catch (err) {
      ctx.fail('databases', err);
      this.state = { discovered: [], pending: [] };
    }
  }

  /** The catalog rows come packed (see DraftDatabase): they pass through this thread as bytes only. */
  async finish(ctx: CollectorContext): Promise<DraftDatabasesPart> {
    const state = this.state ?? { discovered: [], pending: [] };
    this.state = null;
    try {
      const out = await runTask('db-finish', { config: this.config, ...state }, this.timeoutMs);
      merge(ctx, out);
      return out.part;
    } catch (err) {
      ctx.fail('databases', err);
      return { discovered: state.discovered, servers: [] };
    }
  }
}

function merge(ctx: CollectorContext, out: { errors: CollectorContext['errors']; limitations: CollectorContext['limitations'] }): void {
  for (const e of out.errors) ctx.errors.push(e);
  for (const l of out.limitations) ctx.limit(l);
}
