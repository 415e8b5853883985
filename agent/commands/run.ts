import { randomUUID } from 'node:crypto';
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { buildBundle, currentUser, packedBuffers } from '../bundle/build.js';
import type { Inventory } from '../bundle/schema.js';
import { bundleBaseName, isBundleFileName } from '../bundle/constants.js';
import { runTask } from '../worker/run-task.js';
import { CollectorContext } from '../collector-context.js';
import { compareText } from '../compare.js';
import type { AgentConfig } from '../config.js';
import { EXIT, errorMessage } from '../errors.js';
import { runCommand } from '../host/exec.js';
import { HostRecorder, readProcConstants } from '../host/host-recorder.js';
import { collectInventoryIsolated } from '../host/inventory-isolated.js';
import { DatabasePhases } from '../db/database-phases.js';
import { loadOrCreateAgentId } from '../state.js';
import { sleepUntil } from '../sleep.js';

/** How long a stop may wait for a first inventory that is still being collected. */
const STOP_INVENTORY_WAIT_MS = 1500;

/**
 * Deletes the oldest bundles in `dir` until their total is within `maxBytes`. The
 * newest bundle is never deleted, even if it alone is over the cap.
 */
export function enforceDiskCap(dir: string, maxBytes: number, log: Logger): string[] {
  const files = readdirSync(dir)
    .filter(isBundleFileName)
    .map((name) => {
      const full = path.join(dir, name);
      const st = statSync(full);
      return { full, name, size: st.size, mtimeMs: st.mtimeMs };
    })
    // Oldest first: by modification time, then by name (names carry the UTC start time).
    .sort((a, b) => a.mtimeMs - b.mtimeMs || compareText(a.name, b.name));
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const deleted: string[] = [];
  for (const f of files.slice(0, -1)) {
    if (total <= maxBytes) break;
    unlinkSync(f.full);
    total -= f.size;
    deleted.push(f.full);
    log.info({ path: f.full, bytes: f.size, totalBytes: total, maxBytes }, 'deleted oldest bundle to stay within --max-disk');
  }
  return deleted;
}

/** Removes temp files left by a writer that was killed (its pid is in the name and is gone). */
export function removeStaleTempFiles(dir: string, log: Logger): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\..+\.scout\.json\.gz\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      alive = false;
    }
    if (!alive) {
      try {
        unlinkSync(path.join(dir, name));
        log.info({ file: name }, 'removed a temp file left by an interrupted write');
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Daemon mode: samples until SIGTERM/SIGINT, writing a complete bundle per segment and
 * a last one on stop. Inventory is refreshed every --inventory-every; the output dir is
 * kept under --max-disk.
 */
export async function runDaemon(config: AgentConfig, log: Logger): Promise<number> {
  const agentId = loadOrCreateAgentId(config.stateDir);
  const runId = randomUUID();
  const runAs = currentUser();
  const hostname = os.hostname();
  const procConstants = await readProcConstants((f, a) => runCommand(f, a, 5000));
  const withHost = config.only !== 'databases';
  const databases = config.only === 'host' ? null : new DatabasePhases(config, withHost || config.discoverConnect);
  let ctx = new CollectorContext(log.child({ module: 'run' }), config.collectorTimeoutMs);
  const recorder = new HostRecorder(() => ctx, {
    intervalMs: config.intervalMs,
    connectionsEveryMs: config.connectionsEveryMs,
    procConstants,
    isRoot: runAs.isRoot,
  });
  removeStaleTempFiles(config.outDir, log);

  const stop = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting without the last segment');
      process.exit(EXIT.unexpected);
    }
    log.info({ signal }, 'stopping: writing the last segment');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let inventory: Inventory | null = null;
  let inventoryAt = 0;
  let inventoryJob: Promise<void> | null = null;
  const refreshInventory = () => {
    // Inventory failures belong to the segment that is open when they happen.
    inventoryJob = (async () => {
      const fresh = await collectInventoryIsolated(ctx, config.logLevel).catch((err: unknown) => (ctx.fail('inventory', err), null));
      if (fresh) inventory = fresh;
      inventoryAt = Date.now();
      recorder.refreshDevices();
      inventoryJob = null;
    })();
  };

  log.info({ agentId, runId, intervalMs: config.intervalMs, segmentMs: config.segmentMs, outDir: config.outDir }, 'agent running');
  if (withHost) {
    recorder.start();
    refreshInventory();
  }
  /** Each segment reads its databases' workload at its start and their catalog at its end. */
  const startDatabases = async () => {
    if (databases) await databases.start(ctx);
  };
  await startDatabases();

  let segmentIndex = 0;
  let segmentStart = new Date();
  const writeSegment = async (final: boolean) => {
    if (inventory === null && inventoryJob) {
      // The first inventory may still be running: wait for it, briefly on a stop.
      const job: Promise<void> = inventoryJob;
      if (final) await Promise.race([job, new Promise((r) => setTimeout(r, STOP_INVENTORY_WAIT_MS))]);
      else await job;
    }
    const host = withHost ? recorder.finishWindow(inventory) : null;
    const databasesPart = databases ? await databases.finish(ctx) : null;
    const endedAt = new Date();
    const bundle = buildBundle({
      agentId,
      hostname,
      mode: 'run',
      startedAt: segmentStart,
      endedAt,
      intervalMs: config.intervalMs,
      runAs,
      segment: { runId, index: segmentIndex, final },
      host,
      databases: databasesPart,
      ctx,
    });
    try {
      // Validation, gzip and the atomic write run in a worker: zod stays out of the daemon's resident memory.
      // The packed catalog rows move there: this thread keeps no copy.
      const input = { dir: config.outDir, bundle, baseName: bundleBaseName(hostname, segmentStart) };
      const written = await runTask('write-bundle', input, 60_000, packedBuffers(bundle.databases));
      log.info({ path: written.path, bytes: written.bytes, segment: segmentIndex, samples: host?.performance.samples.length ?? 0, final }, 'segment written');
      enforceDiskCap(config.outDir, config.maxDiskBytes, log);
    } catch (err) {
      // A full or unwritable disk must not kill the daemon: the next segment tries again.
      log.error({ err: errorMessage(err), segment: segmentIndex }, 'segment not written');
    }
    segmentIndex++;
    segmentStart = endedAt;
    ctx = new CollectorContext(log.child({ module: 'run' }), config.collectorTimeoutMs);
    if (!final) await startDatabases();
  };

  let tick = 0;
  const t0 = Date.now();
  let nextSegmentAt = t0 + config.segmentMs;
  while (!stop.signal.aborted) {
    tick++;
    const due = t0 + tick * config.intervalMs;
    await sleepUntil(due, stop.signal);
    if (stop.signal.aborted) break;
    if (Date.now() - due > config.intervalMs) {
      // Suspended or starved: skip the missed ticks rather than sampling in a burst.
      tick = Math.floor((Date.now() - t0) / config.intervalMs);
    }
    if (withHost) recorder.tick();
    if (Date.now() >= nextSegmentAt) {
      await writeSegment(false);
      nextSegmentAt += config.segmentMs;
      if (nextSegmentAt <= Date.now()) nextSegmentAt = Date.now() + config.segmentMs;
    }
    if (withHost && !inventoryJob && Date.now() - inventoryAt >= config.inventoryEveryMs) refreshInventory();
  }
  await writeSegment(true);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  log.info({ segments: segmentIndex }, 'agent stopped');
  return EXIT.ok;
}
