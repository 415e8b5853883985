/**
 * One host's facts over all its bundles (a one-shot collect, or a daemon's segments): the
 * newest inventory, every performance sample once, the newest sight of each process and
 * each connection. The exports read hosts through this, never bundle by bundle.
 */
import type { Connection, Inventory, PerfSample, ProcessInfo } from '../../agent/bundle/index.js';
import type { HostBundles } from '../../analyzer/load-bundles.js';

export interface TimedProcess {
  process: ProcessInfo;
  /** When it was seen: the end of the collection that listed it. */
  seenAt: string;
}

export interface HostFacts {
  agentId: string;
  hostname: string;
  inventory: Inventory | null;
  /** When the newest inventory was taken (or the newest collection ended, without one). */
  inventoryAt: string;
  samples: PerfSample[];
  processes: TimedProcess[];
  connections: Connection[];
}

const processKey = (p: ProcessInfo): string => `${p.pid}\u0000${p.startedAt ?? ''}\u0000${p.name}`;
const connectionKey = (c: Connection): string =>
  `${c.direction}\u0000${c.localAddress}\u0000${c.localPort}\u0000${c.remoteAddress}\u0000${c.remotePort}\u0000${c.pid ?? ''}`;

export function hostFacts(host: HostBundles): HostFacts {
  let inventory: Inventory | null = null;
  let inventoryAt = '';
  const samples = new Map<string, PerfSample>();
  const processes = new Map<string, TimedProcess>();
  const connections = new Map<string, Connection>();
  // Bundles come oldest first (load-bundles.ts): later sights replace earlier ones.
  for (const bundle of host.bundles) {
    inventoryAt ||= bundle.collection.endedAt;
    const part = bundle.host;
    if (!part) continue;
    if (part.inventory) {
      inventory = part.inventory;
      inventoryAt = part.inventory.collectedAt;
    }
    for (const s of part.performance.samples) samples.set(s.t, s);
    for (const p of part.processes) processes.set(processKey(p), { process: p, seenAt: bundle.collection.endedAt });
    for (const c of part.connections) {
      const key = connectionKey(c);
      const prev = connections.get(key);
      connections.set(
        key,
        prev
          ? {
              ...c,
              firstSeen: prev.firstSeen < c.firstSeen ? prev.firstSeen : c.firstSeen,
              timesObserved: prev.timesObserved + c.timesObserved,
            }
          : c,
      );
    }
  }
  return {
    agentId: host.agentId,
    hostname: host.hostname,
    inventory,
    inventoryAt,
    samples: [...samples.values()].sort((a, b) => a.t.localeCompare(b.t)),
    processes: [...processes.values()],
    connections: [...connections.values()],
  };
}

/** Addresses other than loopback and IPv6 link-local: the ones other machines can use. */
export function routableAddresses(inventory: Inventory | null): string[] {
  if (!inventory) return [];
  const out: string[] = [];
  for (const nic of inventory.network.interfaces) {
    if (nic.isLoopback) continue;
    for (const a of nic.addresses) {
      if (a.family === 'ipv6' && /^fe[89ab]/i.test(a.address)) continue;
      if (!out.includes(a.address)) out.push(a.address);
    }
  }
  return out;
}

export interface Stat {
  avg: number;
  max: number;
}

/** Average and maximum of a metric over the samples, or null without samples. */
export function stat(samples: readonly PerfSample[], pick: (s: PerfSample) => number): Stat | null {
  if (samples.length === 0) return null;
  let sum = 0;
  let max = -Infinity;
  for (const s of samples) {
    const v = pick(s);
    sum += v;
    if (v > max) max = v;
  }
  return { avg: sum / samples.length, max };
}
