import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { TcpState } from '../bundle/schema.js';
import { formatIpv6 } from './ip-format.js';

/** State codes of include/net/tcp_states.h, as /proc/net/tcp prints them in hex. */
const TCP_STATE_BY_CODE: Record<number, TcpState> = {
  0x01: 'ESTABLISHED',
  0x02: 'SYN_SENT',
  0x03: 'SYN_RECV',
  0x04: 'FIN_WAIT1',
  0x05: 'FIN_WAIT2',
  0x06: 'TIME_WAIT',
  0x07: 'CLOSE',
  0x08: 'CLOSE_WAIT',
  0x09: 'LAST_ACK',
  0x0a: 'LISTEN',
  0x0b: 'CLOSING',
  0x0c: 'NEW_SYN_RECV',
};

export type SocketProtocol = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface SocketEntry {
  protocol: SocketProtocol;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Raw kernel state code; for UDP 0x07 means unconnected (a bound, "listening" socket). */
  stateCode: number;
  state: TcpState;
  uid: number;
  inode: number;
}

/** /proc/net/tcp stores IPv4 as one 32-bit word in host byte order (little-endian on x86 and arm). */
function hexToIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

/** IPv6 is four such words; IPv4-mapped addresses (::ffff:a.b.c.d) come back as plain IPv4. */
function hexToIpv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const n = parseInt(hex.slice(w * 8, w * 8 + 8), 16);
    bytes.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return bytes.slice(12).join('.');
  return formatIpv6(bytes);
}

function parseEndpoint(text: string, isV6: boolean): [string, number] {
  const [addr = '', port = '0'] = text.split(':');
  return [isV6 ? hexToIpv6(addr) : hexToIpv4(addr), parseInt(port, 16)];
}

/** Parses one of /proc/net/{tcp,tcp6,udp,udp6}. */
export function parseProcNetSockets(text: string, protocol: SocketProtocol): SocketEntry[] {
  const isV6 = protocol.endsWith('6');
  const out: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [localAddress, localPort] = parseEndpoint(f[1] as string, isV6);
    const [remoteAddress, remotePort] = parseEndpoint(f[2] as string, isV6);
    const stateCode = parseInt(f[3] as string, 16);
    out.push({
      protocol,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      stateCode,
      state: TCP_STATE_BY_CODE[stateCode] ?? 'UNKNOWN',
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

export interface SocketTable {
  entries: SocketEntry[];
  /** Tables that could not be read (no IPv6 on the host, say). */
  missing: SocketProtocol[];
}

export function readSocketTable(procRoot = '/proc'): SocketTable {
  const entries: SocketEntry[] = [];
  const missing: SocketProtocol[] = [];
  for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    try {
      entries.push(...parseProcNetSockets(readFileSync(`${procRoot}/net/${protocol}`, 'utf8'), protocol));
    } catch {
      missing.push(protocol);
    }
  }
  return { entries, missing };
}

export interface SocketOwners {
  /** socket inode → pid */
  byInode: Map<number, number>;
  /** Processes whose fd table could not be read (other users' processes, without root). */
  deniedPids: number;
}

/**
 * Maps socket inodes to the pid holding them by reading /proc/PID/fd links. This is the
 * expensive part of connection sampling, so it runs at the connection cadence only.
 */
export function readSocketOwners(procRoot = '/proc', pids?: Iterable<number>): SocketOwners {
  const byInode = new Map<number, number>();
  let deniedPids = 0;
  const list = pids ? [...pids] : readdirSync(procRoot).filter((e) => /^\d+$/.test(e)).map(Number);
  for (const pid of list) {
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${pid}/fd`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') deniedPids++;
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`${procRoot}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target.startsWith('socket:[')) {
        const inode = Number(target.slice(8, -1));
        if (!byInode.has(inode)) byInode.set(inode, pid);
      }
    }
  }
  return { byInode, deniedPids };
}

export const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

export function isListening(e: SocketEntry): boolean {
  if (e.protocol === 'tcp' || e.protocol === 'tcp6') return e.stateCode === 0x0a;
  // A UDP socket that is bound but not connected to a peer.
  return e.stateCode === 0x07 && e.remotePort === 0;
}
