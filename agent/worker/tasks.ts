/**
 * One-off work that the daemon runs in a worker thread: config parsing, static
 * inventory and bundle writing. Their modules (zod, yaml, systeminformation) load into
 * the worker's isolate, which is torn down afterwards, so the long-running sampler stays
 * small; and a blocking call inside them (systeminformation uses execSync) cannot stall
 * sampling.
 */
import { packDatabases, packedBuffers, type BundleDraft, type DraftDatabasesPart } from '../bundle/build.js';
import type { DiscoveredServer, Inventory } from '../bundle/schema.js';
import type { PendingState } from '../db/collect-databases.js';
import type { CollectorContext } from '../collector-context.js';
import type { AgentConfig, RawSettings } from '../config.js';
import type { LogLevel } from '../log.js';

export interface TaskMap {
  config: { input: { flags: RawSettings & { config?: string; json?: boolean }; env: NodeJS.ProcessEnv }; output: AgentConfig };
  inventory: {
    input: { timeoutMs: number; logLevel: LogLevel };
    output: { inventory: Inventory; errors: CollectorContext['errors']; limitations: CollectorContext['limitations'] };
  };
  'write-bundle': { input: { dir: string; bundle: BundleDraft; baseName: string }; output: { path: string; bytes: number } };
  'db-start': {
    input: { config: AgentConfig; discover: boolean };
    output: { discovered: DiscoveredServer[]; pending: PendingState[] } & ContextOutput;
  };
  'db-finish': {
    input: { config: AgentConfig; discovered: DiscoveredServer[]; pending: PendingState[] };
    output: { part: DraftDatabasesPart } & ContextOutput;
  };
}

/** What a task's collectors recorded, merged into the caller's context. */
interface ContextOutput {
  errors: CollectorContext['errors'];
  limitations: CollectorContext['limitations'];
}

/**
 * A collector context and a database collection inside the worker. Targets are parsed
 * here, from the config and this process's environment, so passwords never cross the
 * thread boundary.
 */
async function databaseWorker(config: AgentConfig) {
  const [{ CollectorContext }, { createLogger }, { prepareDatabases }] = await Promise.all([
    import('../collector-context.js'),
    import('../log.js'),
    import('../db/prepare.js'),
  ]);
  const log = createLogger('scout-agent', config.logLevel);
  const ctx = new CollectorContext(log.child({ module: 'db' }), config.collectorTimeoutMs);
  const collection = prepareDatabases(config, log);
  if (!collection) throw new Error('database task without a database part');
  return { ctx, collection };
}

export type TaskName = keyof TaskMap;

export const TASKS: { [K in TaskName]: (input: TaskMap[K]['input']) => Promise<TaskMap[K]['output']> } = {
  async config({ flags, env }) {
    return (await import('../config.js')).resolveConfig(flags, env);
  },
  async inventory({ timeoutMs, logLevel }) {
    const [{ CollectorContext }, { createLogger }, { collectInventory }] = await Promise.all([
      import('../collector-context.js'),
      import('../log.js'),
      import('../host/inventory.js'),
    ]);
    const ctx = new CollectorContext(createLogger('scout-agent', logLevel).child({ module: 'inventory' }), timeoutMs);
    const inventory = await collectInventory(ctx);
    return { inventory, errors: ctx.errors, limitations: ctx.limitations };
  },
  async 'write-bundle'({ dir, bundle, baseName }) {
    return (await import('../bundle/write.js')).writeBundleFile(dir, bundle, baseName);
  },
  async 'db-start'({ config, discover }) {
    const { ctx, collection } = await databaseWorker(config);
    if (discover) await collection.discover(ctx);
    await collection.start();
    return { ...collection.exportState(), errors: ctx.errors, limitations: ctx.limitations };
  },
  async 'db-finish'({ config, discovered, pending }) {
    const { ctx, collection } = await databaseWorker(config);
    await collection.restore({ discovered, pending });
    const part = packDatabases(await collection.finish(ctx));
    return { part, errors: ctx.errors, limitations: ctx.limitations };
  },
};

/**
 * What a task's output moves to the caller instead of copying: the packed catalog rows,
 * tens of MB for a large schema, whose structured clone cost a second or more.
 */
export const OUTPUT_TRANSFERS: { [K in TaskName]?: (output: TaskMap[K]['output']) => ArrayBuffer[] } = {
  'db-finish': (output) => packedBuffers(output.part),
};
