import os from 'node:os';
import type { Logger } from 'pino';
import { buildBundle, currentUser } from '../bundle/build.js';
import type { Inventory } from '../bundle/schema.js';
import { bundleBaseName } from '../bundle/constants.js';
import { CollectorContext } from '../collector-context.js';
import type { AgentConfig } from '../config.js';
import { EXIT } from '../errors.js';
import { runCommand } from '../host/exec.js';
import { HostRecorder, readProcConstants } from '../host/host-recorder.js';
import { collectInventoryIsolated } from '../host/inventory-isolated.js';
import { DatabasePhases } from '../db/database-phases.js';
import { Progress } from '../progress.js';
import { sleepUntil } from '../sleep.js';
import { loadOrCreateAgentId } from '../state.js';

export interface CollectResult {
  path: string;
  bytes: number;
  exitCode: number;
  summary: {
    agentId: string;
    hostname: string;
    startedAt: string;
    endedAt: string;
    samples: number;
    processes: number;
    listening: number;
    connections: number;
    databaseServers: number;
    databasesRead: number;
    discoveredServers: number;
    errors: number;
    limitations: number;
  };
}

/**
 * One-shot collection: inventory once, a perf sample per interval for the duration,
 * connections at their own cadence, processes at start and end; one bundle written.
 * SIGINT/SIGTERM end the collection early and still write what was collected.
 */
export async function collect(config: AgentConfig, log: Logger): Promise<CollectResult> {
  const withHost = config.only !== 'databases';
  // Local servers are the collecting host's: not asked about when reading a remote database only.
  // One worker through the window for both database phases: the catalog read starts without loading anything.
  const databases = config.only === 'host' ? null : new DatabasePhases(config, withHost || config.discoverConnect, true);
  const agentId = loadOrCreateAgentId(config.stateDir);
  const runAs = currentUser();
  const hostname = os.hostname();
  const ctx = new CollectorContext(log.child({ module: 'collect' }), config.collectorTimeoutMs);
  // Only the host part reads /proc: a databases-only collection does not run getconf.
  const procConstants = withHost ? await readProcConstants((f, a) => runCommand(f, a, 5000)) : { clockTicks: 100, pageSize: 4096, bootTimeMs: null };
  const recorder = new HostRecorder(() => ctx, {
    intervalMs: config.intervalMs,
    connectionsEveryMs: config.connectionsEveryMs,
    procConstants,
    isRoot: runAs.isRoot,
  });

  const stop = new AbortController();
  const onSignal = (signal: string) => {
    log.warn({ signal }, 'stopping early; writing what was collected');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const startedAt = new Date();
  log.info({ agentId, durationMs: config.durationMs, intervalMs: config.intervalMs, outDir: config.outDir }, 'collection started');
  // The writer (zod validation, about 100 ms to load) loads while the collection runs, not before it starts.
  const writer = import('../bundle/write.js');
  writer.catch(() => undefined);
  let inventoryPromise: Promise<Inventory | null> = Promise.resolve(null);
  if (withHost) {
    recorder.start();
    inventoryPromise = collectInventoryIsolated(ctx, config.logLevel).catch((err: unknown) => (ctx.fail('inventory', err), null));
  }
  if (databases) await databases.start(ctx);

  const progress = new Progress(!config.quiet);
  const t0 = startedAt.getTime();
  try {
    for (let n = 1; t0 + n * config.intervalMs <= t0 + config.durationMs && !stop.signal.aborted; n++) {
      await sleepUntil(t0 + n * config.intervalMs, stop.signal);
      if (stop.signal.aborted) break;
      if (withHost) recorder.tick();
      progress.collecting(Date.now() - t0, config.durationMs, recorder.sampleCount);
    }
  } finally {
    progress.done();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const inventory = await inventoryPromise;
  const host = withHost ? recorder.finishWindow(inventory) : null;
  const databasesPart = databases ? await databases.finish(ctx) : null;
  const endedAt = new Date();
  const bundle = buildBundle({
    agentId,
    hostname,
    mode: 'collect',
    startedAt,
    endedAt,
    intervalMs: config.intervalMs,
    runAs,
    segment: null,
    host,
    databases: databasesPart,
    ctx,
  });
  const written = await (await writer).writeBundleFile(config.outDir, bundle, bundleBaseName(hostname, startedAt));
  log.info({ path: written.path, bytes: written.bytes, errors: bundle.errors.length, limitations: bundle.limitations.length }, 'bundle written');
  return {
    path: written.path,
    bytes: written.bytes,
    exitCode: bundle.errors.length > 0 ? EXIT.partial : EXIT.ok,
    summary: {
      agentId,
      hostname,
      startedAt: bundle.collection.startedAt,
      endedAt: bundle.collection.endedAt,
      samples: host?.performance.samples.length ?? 0,
      processes: host?.processes.length ?? 0,
      listening: host?.listening.length ?? 0,
      connections: host?.connections.length ?? 0,
      databaseServers: databasesPart?.servers.length ?? 0,
      databasesRead: databasesPart?.servers.reduce((n, s) => n + s.databases.length, 0) ?? 0,
      discoveredServers: databasesPart?.discovered.length ?? 0,
      errors: bundle.errors.length,
      limitations: bundle.limitations.length,
    },
  };
}
