/**
 * One-off work that the daemon runs in a worker thread: config parsing, static
 * inventory and bundle writing. Their modules (zod, yaml, systeminformation) load into
 * the worker's isolate, which is torn down afterwards, so the long-running sampler stays
 * small; and a blocking call inside them (systeminformation uses execSync) cannot stall
 * sampling.
 */
import type { Bundle, Inventory } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import type { AgentConfig, RawSettings } from '../config.js';
import type { LogLevel } from '../log.js';

export interface TaskMap {
  config: { input: { flags: RawSettings & { config?: string; json?: boolean }; env: NodeJS.ProcessEnv }; output: AgentConfig };
  inventory: {
    input: { timeoutMs: number; logLevel: LogLevel };
    output: { inventory: Inventory; errors: CollectorContext['errors']; limitations: CollectorContext['limitations'] };
  };
  'write-bundle': { input: { dir: string; bundle: Bundle; baseName: string }; output: { path: string; bytes: number } };
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
};
