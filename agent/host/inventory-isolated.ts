import type { Inventory } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import type { LogLevel } from '../log.js';
import { runTask } from '../worker/run-task.js';

/**
 * The inventory as a whole gets this many collector timeouts: its collectors run in
 * waves, each bounded on its own, so a hung one is recorded by name first.
 */
export const INVENTORY_TIMEOUT_FACTOR = 4;

/** Collects the inventory in a worker thread and merges its errors and limitations into `ctx`. */
export async function collectInventoryIsolated(ctx: CollectorContext, logLevel: LogLevel): Promise<Inventory> {
  const out = await runTask('inventory', { timeoutMs: ctx.timeoutMs, logLevel }, INVENTORY_TIMEOUT_FACTOR * ctx.timeoutMs);
  for (const e of out.errors) ctx.errors.push(e);
  for (const l of out.limitations) ctx.limit(l);
  return out.inventory;
}
