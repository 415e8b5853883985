import { readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import type { NetworkInterfaceInfo } from '../bundle/schema.js';
import { ipv6FromHex } from '../proc/ip-format.js';
import { readTrim } from '../read-text.js';

/** Interfaces from /sys/class/net (every one, up or down) with addresses from the OS. */
export function readInterfaces(): NetworkInterfaceInfo[] {
  const addrs = os.networkInterfaces();
  let names: string[];
  try {
    names = readdirSync('/sys/class/net');
  } catch {
    names = Object.keys(addrs);
  }
  return names.sort().map((name) => {
    const base = `/sys/class/net/${name}`;
    let isVirtual = false;
    try {
      isVirtual = readlinkSync(base).includes('/virtual/');
    } catch {
      isVirtual = false;
    }
    // speed is -1 (or unreadable) for virtual and down links.
    const speed = Number(readTrim(`${base}/speed`) ?? NaN);
    const mtu = Number(readTrim(`${base}/mtu`) ?? NaN);
    const operstate = readTrim(`${base}/operstate`);
    const list = addrs[name] ?? [];
    const mac = readTrim(`${base}/address`) ?? list[0]?.mac ?? null;
    return {
      name,
      mac: mac && mac !== '00:00:00:00:00:00' ? mac : null,
      addresses: list.map((a) => ({
        family: a.family === 'IPv6' ? ('ipv6' as const) : ('ipv4' as const),
        address: a.address,
        prefixLength: a.cidr ? Number(a.cidr.split('/')[1]) : null,
      })),
      speedMbps: Number.isFinite(speed) && speed > 0 ? speed : null,
      mtu: Number.isFinite(mtu) ? mtu : null,
      isUp: operstate === null ? null : operstate === 'up' || operstate === 'unknown',
      isVirtual,
      isLoopback: name === 'lo' || list.some((a) => a.internal),
    };
  });
}

function hexLeToIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

/** Default routes from /proc/net/route and /proc/net/ipv6_route (lowest metric wins). */
export function readDefaultGateways(): { ipv4: string | null; ipv6: string | null } {
  let ipv4: string | null = null;
  let best = Infinity;
  for (const line of (readTrim('/proc/net/route') ?? '').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // Destination 0, mask 0, RTF_GATEWAY (0x2) set.
    if (f[1] === '00000000' && f[7] === '00000000' && (parseInt(f[3] ?? '0', 16) & 0x2) !== 0) {
      const metric = Number(f[6]);
      if (metric < best) {
        best = metric;
        ipv4 = hexLeToIpv4(f[2] as string);
      }
    }
  }
  let ipv6: string | null = null;
  for (const line of (readTrim('/proc/net/ipv6_route') ?? '').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === '0'.repeat(32) && f[1] === '00' && f[4] && f[4] !== '0'.repeat(32)) {
      ipv6 = ipv6FromHex(f[4]);
      break;
    }
  }
  return { ipv4, ipv6 };
}

export function readResolvConf(file = '/etc/resolv.conf'): { servers: string[]; search: string[] } {
  const servers: string[] = [];
  const search: string[] = [];
  for (const line of (readTrim(file) ?? '').split('\n')) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key === 'nameserver' && values[0]) servers.push(values[0]);
    else if (key === 'search' || key === 'domain') search.push(...values);
  }
  return { servers, search: [...new Set(search)] };
}
