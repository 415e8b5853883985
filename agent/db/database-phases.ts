import type { DraftDatabasesPart } from '../bundle/build.js';
import type { DiscoveredServer } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import type { AgentConfig } from '../config.js';
import { TaskSession, runTask } from '../worker/run-task.js';
import type { PendingState } from './collect-databases.js';
import { parseTargetUrl } from './targets.js';

/**
 * The database part of a window, read in worker threads: the workload snapshot at the
 * start, the catalog and the second snapshot at the end. The drivers and the catalog
 * rows live in the worker's isolate only, so a long-running daemon stays small between
 * reads. State between the two phases is plain data; passwords stay in the workers,
 * which resolve them from the config and the environment themselves.
 *
 * With `keepWorker` (a one-shot collection) both phases run in one worker kept through
 * the window, so the end of the window does not wait for a thread and its modules to load.
 */
export class DatabasePhases {
  private state: { discovered: DiscoveredServer[]; pending: PendingState[] } | null = null;
  private readonly timeoutMs: number;
  private session: TaskSession | null = null;

  constructor(
    private readonly config: AgentConfig,
    private readonly discover: boolean,
    private readonly keepWorker = false,
  ) {
    // Targets are checked here, before anything is collected: a bad URL or an open passwordFile is a usage error now.
    for (const spec of config.databases) parseTargetUrl(spec);
    // A safety bound only: every statement inside has its own timeout.
    const targets = config.databases.length + (config.discoverConnect ? 4 : 0) + 1;
    this.timeoutMs = targets * (config.dbConnectTimeoutMs + 60 * config.dbStatementTimeoutMs) + 60_000;
  }

  async start(ctx: CollectorContext): Promise<void> {
    try {
      const input = { config: this.config, discover: this.discover };
      if (this.keepWorker) this.session = new TaskSession();
      const out = this.session ? await this.session.run('db-start', input, this.timeoutMs) : await runTask('db-start', input, this.timeoutMs);
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
      const input = { config: this.config, ...state };
      const out = this.session ? await this.session.run('db-finish', input, this.timeoutMs) : await runTask('db-finish', input, this.timeoutMs);
      merge(ctx, out);
      return out.part;
    } catch (err) {
      ctx.fail('databases', err);
      return { discovered: state.discovered, servers: [] };
    } finally {
      this.session?.close();
      this.session = null;
    }
  }
}

function merge(ctx: CollectorContext, out: { errors: CollectorContext['errors']; limitations: CollectorContext['limitations'] }): void {
  for (const e of out.errors) ctx.errors.push(e);
  for (const l of out.limitations) ctx.limit(l);
}
