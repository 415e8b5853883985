import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { BUNDLE_FILE_SUFFIX, readBundleFile, type Bundle, type PerfSample } from '../agent/bundle/index.js';

export interface LoadProblem {
  file: string;
  message: string;
}

/** All bundles of one agent id (a one-shot collect, or a daemon's segments), oldest first. */
export interface HostBundles {
  agentId: string;
  hostname: string;
  bundles: Bundle[];
}

export interface LoadResult {
  hosts: HostBundles[];
  problems: LoadProblem[];
  files: number;
}

/** Expands directories to the bundle files in them (not recursive), keeping explicit files as given. */
export function listBundleFiles(inputs: string[]): { files: string[]; problems: LoadProblem[] } {
  const files: string[] = [];
  const problems: LoadProblem[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch (err) {
      problems.push({ file: input, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(input).sort()) {
        if (name.endsWith(BUNDLE_FILE_SUFFIX) && !name.startsWith('.')) files.push(path.join(input, name));
      }
    } else {
      files.push(input);
    }
  }
  return { files, problems };
}

export interface LoadOptions {
  /**
   * Keep only what the plan, the pages and the exports read. Of each performance sample: the
   * time, the CPU, load and memory figures, the disk and network totals, and the filesystems
   * folded into one entry (FOLDED_FILESYSTEMS); per-core, per-device and per-interface series
   * are dropped. Of the package inventory: the manager and the count, not the list. On a large
   * estate these are most of the loaded bytes (bench:report).
   */
  compact?: boolean;
}

/** The key of the one filesystem entry a compacted sample keeps: the sums over all filesystems. */
export const FOLDED_FILESYSTEMS = '(all filesystems)';

function compactSample(s: PerfSample): PerfSample {
  let sizeBytes = 0;
  let usedBytes = 0;
  for (const f of Object.values(s.filesystems)) {
    sizeBytes += f.sizeBytes;
    usedBytes += f.usedBytes;
  }
  return {
    t: s.t,
    cpu: { ...s.cpu, perCorePct: [] },
    load: s.load,
    memory: s.memory,
    disk: { total: s.disk.total, devices: {} },
    network: { total: s.network.total, interfaces: {} },
    filesystems: { [FOLDED_FILESYSTEMS]: { sizeBytes, usedBytes } },
  };
}

function compactBundle(bundle: Bundle): void {
  const host = bundle.host;
  if (!host) return;
  host.performance.samples = host.performance.samples.map(compactSample);
  const packages = host.inventory?.packages;
  if (packages) packages.items = [];
}

/**
 * Reads and validates every bundle; a bad one is reported by name and skipped, and the
 * rest goes on. Bundles are grouped by agent id, so a daemon's segments stay together.
 */
export async function loadBundles(inputs: string[], log: Logger, options: LoadOptions = {}): Promise<LoadResult> {
  const { files, problems } = listBundleFiles(inputs);
  const byAgent = new Map<string, Bundle[]>();
  const seen = new Set<string>();
  for (const file of files) {
    try {
      const bundle = await readBundleFile(file);
      // The same bundle given twice (a copy in another folder) counts once.
      if (seen.has(bundle.collection.id)) {
        log.info({ file, collectionId: bundle.collection.id }, 'duplicate bundle ignored');
        continue;
      }
      seen.add(bundle.collection.id);
      if (options.compact) compactBundle(bundle);
      const list = byAgent.get(bundle.agent.id) ?? [];
      list.push(bundle);
      byAgent.set(bundle.agent.id, list);
    } catch (err) {
      const message = (err as Error).message.replace(`${file}: `, '');
      problems.push({ file, message });
      log.warn({ file, err: message }, 'bundle skipped');
    }
  }
  const hosts = [...byAgent].map(([agentId, bundles]) => {
    bundles.sort((a, b) => a.collection.startedAt.localeCompare(b.collection.startedAt));
    return { agentId, hostname: bundles[bundles.length - 1]!.agent.hostname, bundles };
  });
  hosts.sort((a, b) => a.hostname.localeCompare(b.hostname));
  return { hosts, problems, files: files.length };
}
