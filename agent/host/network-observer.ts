import { readFileSync } from 'node:fs';
import type { Connection, ListeningSocket } from '../bundle/schema.js';
import { compareText } from '../compare.js';
import { isListening, WILDCARD_ADDRESSES, type SocketEntry, type SocketOwners, type SocketTable } from '../proc/sockets.js';

/** Bounds the aggregated connection table of one bundle (or segment). */
export const MAX_CONNECTIONS = 20_000;

function commOf(procRoot: string, pid: number, cache: Map<number, string | null>): string | null {
  if (cache.has(pid)) return cache.get(pid) ?? null;
  let name: string | null = null;
  try {
    name = readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trim();
  } catch {
    name = null;
  }
  cache.set(pid, name);
  return name;
}

interface Tracked {
  conn: Connection;
}

/**
 * Aggregates what successive socket samples saw: listening sockets (union over the
 * window) and TCP connections keyed by 4-tuple and process, with first/last seen and
 * the number of samples that saw each. Direction is inbound when the local side is a
 * port this host listens on, outbound otherwise.
 */
export class NetworkObserver {
  private readonly procRoot: string;
  private readonly listeners = new Map<string, ListeningSocket>();
  private readonly tracked = new Map<string, Tracked>();
  samples = 0;
  dropped = 0;
  unownedSockets = 0;

  constructor(procRoot = '/proc') {
    this.procRoot = procRoot;
  }

  observe(table: SocketTable, owners: SocketOwners, at: Date = new Date()): void {
    this.samples++;
    const names = new Map<number, string | null>();
    const stamp = at.toISOString();
    const listeningTcp = new Map<number, Set<string>>();
    for (const e of table.entries) {
      if (!isListening(e)) continue;
      const pid = owners.byInode.get(e.inode) ?? null;
      this.listeners.set(`${e.protocol}|${e.localAddress}|${e.localPort}`, {
        protocol: e.protocol,
        address: e.localAddress,
        port: e.localPort,
        pid,
        process: pid === null ? null : commOf(this.procRoot, pid, names),
      });
      if (e.protocol === 'tcp' || e.protocol === 'tcp6') {
        let addrs = listeningTcp.get(e.localPort);
        if (!addrs) listeningTcp.set(e.localPort, (addrs = new Set()));
        addrs.add(e.localAddress);
      }
    }
    for (const e of table.entries) {
      if (e.protocol !== 'tcp' && e.protocol !== 'tcp6') continue;
      if (e.stateCode === 0x0a || e.stateCode === 0x07) continue; // LISTEN, CLOSE
      const pid = e.inode === 0 ? null : (owners.byInode.get(e.inode) ?? null);
      if (pid === null && e.inode !== 0) this.unownedSockets++;
      const key = `${e.protocol}|${e.localAddress}|${e.localPort}|${e.remoteAddress}|${e.remotePort}|${pid ?? ''}`;
      const existing = this.tracked.get(key);
      if (existing) {
        existing.conn.lastSeen = stamp;
        existing.conn.timesObserved++;
        existing.conn.state = e.state;
        continue;
      }
      if (this.tracked.size >= MAX_CONNECTIONS) {
        this.dropped++;
        continue;
      }
      this.tracked.set(key, {
        conn: {
          protocol: e.protocol,
          localAddress: e.localAddress,
          localPort: e.localPort,
          remoteAddress: e.remoteAddress,
          remotePort: e.remotePort,
          direction: isInbound(e, listeningTcp) ? 'inbound' : 'outbound',
          pid,
          process: pid === null ? null : commOf(this.procRoot, pid, names),
          state: e.state,
          firstSeen: stamp,
          lastSeen: stamp,
          timesObserved: 1,
        },
      });
    }
  }

  listening(): ListeningSocket[] {
    return [...this.listeners.values()].sort((a, b) => a.port - b.port || compareText(a.protocol, b.protocol));
  }

  connections(): Connection[] {
    return [...this.tracked.values()].map((t) => ({ ...t.conn }));
  }

  /** Starts a new window (the next daemon segment). */
  reset(): void {
    this.tracked.clear();
    this.listeners.clear();
    this.samples = 0;
    this.dropped = 0;
    this.unownedSockets = 0;
  }
}

function isInbound(e: SocketEntry, listeningTcp: Map<number, Set<string>>): boolean {
  const addrs = listeningTcp.get(e.localPort);
  if (!addrs) return false;
  for (const a of addrs) if (a === e.localAddress || WILDCARD_ADDRESSES.has(a)) return true;
  return false;
}
