import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import si from 'systeminformation';
import type { Inventory } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import { memoryFromMeminfo, parseMeminfo, parseMounts, parseProcStat, LOCAL_FS_TYPES } from '../proc/system-stats.js';
import { detectCloud, detectContainer, detectHypervisor } from './virtualization.js';
import { readInterfaces, readDefaultGateways, readResolvConf } from './network-config.js';
import { readPackages, readRunningServices } from './software.js';
import { readTrim } from '../read-text.js';

const readText = (p: string) => readFileSync(p, 'utf8');
/**
 * The system timezone from TZ, /etc/timezone or the /etc/localtime link. Intl would
 * answer too, but it maps the ICU data into memory, a cost the agent avoids.
 */
function readTimezone(): string | null {
  if (process.env.TZ) return process.env.TZ.replace(/^:/, '');
  const fromFile = readTrim('/etc/timezone');
  if (fromFile) return fromFile;
  try {
    const link = readlinkSync('/etc/localtime');
    const match = /zoneinfo\/(.+)$/.exec(link);
    if (match) return match[1]!;
  } catch {
    // not a link
  }
  return existsSync('/etc/localtime') ? null : 'UTC';
}

/** CPU facts from /proc/cpuinfo: the kernel's model name is more exact than a vendor brand table. */
function readCpuinfo(): { model: string | null; mhz: number | null; logical: number; sockets: number | null; physical: number | null } {
  let model: string | null = null;
  let mhz: number | null = null;
  let logical = 0;
  const sockets = new Set<string>();
  const cores = new Set<string>();
  let physicalId = '0';
  for (const line of readText('/proc/cpuinfo').split('\n')) {
    const [rawKey, ...rest] = line.split(':');
    const key = rawKey?.trim();
    const value = rest.join(':').trim();
    if (key === 'processor') logical++;
    else if (key === 'model name' && model === null) model = value;
    else if (key === 'cpu MHz' && mhz === null) mhz = Number(value) || null;
    else if (key === 'physical id') {
      physicalId = value;
      sockets.add(value);
    } else if (key === 'core id') cores.add(`${physicalId}:${value}`);
  }
  return {
    model,
    mhz,
    logical: logical || os.cpus().length,
    sockets: sockets.size || null,
    physical: cores.size || null,
  };
}

const BLOCK_SKIP = /^(ram|zram)\d+$/;

function blockType(name: string): string {
  if (/^loop\d+$/.test(name)) return 'loop';
  if (/^dm-\d+$/.test(name)) return 'lvm/dm';
  if (/^md\d+$/.test(name)) return 'raid';
  if (/^nvme/.test(name)) return 'nvme';
  if (/^sr\d+$/.test(name)) return 'rom';
  return 'disk';
}

/** Block devices from /sys/block: size, rotational flag, model. No lsblk needed. */
function readBlockDevices(): Inventory['blockDevices'] {
  const out: Inventory['blockDevices'] = [];
  for (const name of readdirSync('/sys/block')) {
    if (BLOCK_SKIP.test(name)) continue;
    const base = `/sys/block/${name}`;
    const sizeBytes = Number(readTrim(`${base}/size`) ?? 0) * 512;
    if (sizeBytes === 0 && name.startsWith('loop')) continue;
    const rot = readTrim(`${base}/queue/rotational`);
    const removable = readTrim(`${base}/removable`);
    out.push({
      name,
      type: blockType(name),
      sizeBytes,
      rotational: rot === null ? null : rot === '1',
      model: readTrim(`${base}/device/model`),
      removable: removable === null ? null : removable === '1',
    });
  }
  return out;
}

const NETWORK_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'ceph', 'glusterfs', 'fuse.sshfs', 'lustre']);

async function readFilesystems(ctx: CollectorContext): Promise<Inventory['filesystems']> {
  const seen = new Set<string>();
  const mounts = parseMounts(readText('/proc/self/mounts')).filter((m) => {
    const keep = LOCAL_FS_TYPES.has(m.type) || NETWORK_FS.has(m.type) || (m.mount === '/' && m.type === 'overlay');
    if (!keep || seen.has(m.mount)) return false;
    seen.add(m.mount);
    return true;
  });
  const results = await Promise.all(
    mounts.map((m) =>
      // statfs on a dead network mount can block: each one is bounded on its own.
      ctx.run(
        `filesystem:${m.mount}`,
        async () => {
          const s = await statfs(m.mount);
          return {
            mount: m.mount,
            device: m.device,
            type: m.type,
            sizeBytes: s.blocks * s.bsize,
            usedBytes: (s.blocks - s.bfree) * s.bsize,
            availableBytes: s.bavail * s.bsize,
          };
        },
        null,
      ),
    ),
  );
  return results.filter((r): r is NonNullable<typeof r> => r !== null);
}

/**
 * Static host inventory. Runs once per bundle (and once per --inventory-every in the
 * daemon): it may spawn a few commands (systeminformation's OS probes, dpkg-query,
 * systemctl), which the sampling path never does.
 */
export async function collectInventory(ctx: CollectorContext): Promise<Inventory> {
  const hostname = os.hostname();
  const [osInfo, system, siCpu] = await Promise.all([
    ctx.run('os', () => si.osInfo(), null),
    ctx.run('system', () => si.system(), null),
    ctx.run('cpu', () => si.cpu(), null),
  ]);
  const cpuinfo = await ctx.run('cpuinfo', readCpuinfo, null);
  const meminfo = await ctx.run('memory', () => memoryFromMeminfo(parseMeminfo(readText('/proc/meminfo'))), null);
  const bootSec = await ctx.run('boot-time', () => parseProcStat(readText('/proc/stat')).bootTimeSec, null);
  const [blockDevices, filesystems, interfaces, gateways, resolv, packages, services, virt] = await Promise.all([
    ctx.run('block-devices', readBlockDevices, []),
    ctx.run('filesystems', () => readFilesystems(ctx), []),
    ctx.run('network-interfaces', readInterfaces, []),
    ctx.run('default-gateway', readDefaultGateways, { ipv4: null, ipv6: null }),
    ctx.run('dns', readResolvConf, { servers: [], search: [] }),
    ctx.run('packages', () => readPackages(ctx), null),
    ctx.run('services', () => readRunningServices(ctx), null),
    ctx.run(
      'virtualization',
      async () => ({
        hypervisor: await detectHypervisor(system?.virtualHost || null),
        container: await detectContainer(),
        cloud: detectCloud(),
      }),
      { hypervisor: null, container: null, cloud: null },
    ),
  ]);
  const isVirtual = virt.hypervisor !== null || virt.cloud !== null ? true : (system?.virtual ?? null);
  return {
    collectedAt: new Date().toISOString(),
    hostname,
    fqdn: osInfo?.fqdn || null,
    os: {
      platform: osInfo?.platform || os.platform(),
      distro: osInfo?.distro || null,
      release: osInfo?.release || null,
      codename: osInfo?.codename || null,
      kernel: osInfo?.kernel || os.release(),
      arch: os.arch(),
    },
    virtualization: {
      isVirtual,
      hypervisor: virt.hypervisor,
      container: virt.container,
      manufacturer: system?.manufacturer || readTrim('/sys/class/dmi/id/sys_vendor'),
      model: system?.model || readTrim('/sys/class/dmi/id/product_name'),
      cloud: virt.cloud,
    },
    cpu: {
      model: cpuinfo?.model ?? (siCpu ? `${siCpu.manufacturer} ${siCpu.brand}`.trim() : null),
      vendor: siCpu?.vendor || null,
      sockets: cpuinfo?.sockets ?? (siCpu?.processors || null),
      physicalCores: cpuinfo?.physical ?? (siCpu?.physicalCores || null),
      logicalCores: cpuinfo?.logical ?? os.cpus().length,
      mhz: cpuinfo?.mhz ?? (siCpu?.speed ? siCpu.speed * 1000 : null),
      maxMhz: siCpu?.speedMax ? siCpu.speedMax * 1000 : null,
    },
    memory: {
      totalBytes: meminfo?.totalBytes ?? os.totalmem(),
      swapTotalBytes: meminfo?.swapTotalBytes ?? 0,
    },
    blockDevices,
    filesystems,
    network: {
      interfaces,
      defaultGateway: gateways,
      dnsServers: resolv.servers,
      searchDomains: resolv.search,
    },
    timezone: readTimezone(),
    bootTime: bootSec ? new Date(bootSec * 1000).toISOString() : null,
    uptimeSeconds: Math.round(os.uptime()),
    packages,
    services,
  };
}
