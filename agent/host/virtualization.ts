import { existsSync } from 'node:fs';
import type { Inventory } from '../bundle/schema.js';
import { findExecutable, runCommand } from './exec.js';
import { readTrim } from '../read-text.js';

/** systemd-detect-virt prints one word (kvm, xen, amazon, microsoft…) or "none"; it exits 1 on none. */
async function detectVirt(flag: '--vm' | '--container'): Promise<string | null> {
  const exe = await findExecutable('systemd-detect-virt');
  if (!exe) return null;
  try {
    const out = (await runCommand(exe, [flag], 5000)).trim();
    return out && out !== 'none' ? out : null;
  } catch {
    return null;
  }
}

/** The hypervisor under this host, from systemd-detect-virt, /sys/hypervisor or the CPU's hypervisor flag. */
export async function detectHypervisor(fromSystemInfo: string | null): Promise<string | null> {
  const vm = await detectVirt('--vm');
  if (vm) return vm;
  const xen = readTrim('/sys/hypervisor/type');
  if (xen) return xen;
  if (fromSystemInfo) return fromSystemInfo;
  const cpuinfo = readTrim('/proc/cpuinfo') ?? '';
  return /^flags\s*:.*\bhypervisor\b/m.test(cpuinfo) ? 'unknown' : null;
}

export async function detectContainer(): Promise<string | null> {
  const fromSystemd = await detectVirt('--container');
  if (fromSystemd) return fromSystemd;
  if (existsSync('/.dockerenv')) return 'docker';
  if (existsSync('/run/.containerenv')) return 'podman';
  const cgroup = readTrim('/proc/1/cgroup') ?? '';
  if (/kubepods/.test(cgroup)) return 'kubernetes';
  if (/docker|containerd/.test(cgroup)) return 'docker';
  if (/lxc/.test(cgroup)) return 'lxc';
  return null;
}

/**
 * The cloud provider from SMBIOS/DMI strings only: the agent makes no network call, so
 * instance metadata services are never asked. Markers are the ones each provider
 * documents for identifying its instances from inside the guest.
 */
export function detectCloud(dmiDir = '/sys/class/dmi/id'): Inventory['virtualization']['cloud'] {
  const dmi = (f: string) => readTrim(`${dmiDir}/${f}`) ?? '';
  const vendor = dmi('sys_vendor');
  const product = dmi('product_name');
  const bios = `${dmi('bios_vendor')} ${dmi('bios_version')}`;
  const chassisTag = dmi('chassis_asset_tag');
  const boardTag = dmi('board_asset_tag');
  const hvUuid = readTrim('/sys/hypervisor/uuid') ?? '';
  if (vendor === 'Amazon EC2' || /amazon/i.test(bios) || hvUuid.startsWith('ec2')) {
    return { provider: 'aws', evidence: `dmi sys_vendor="${vendor}" bios="${bios.trim()}"`, instanceId: /^i-[0-9a-f]+$/.test(boardTag) ? boardTag : null };
  }
  if (chassisTag === '7783-7084-3265-9085-8269-3286-77') {
    return { provider: 'azure', evidence: 'dmi chassis_asset_tag is the Azure tag', instanceId: null };
  }
  if (product === 'Google Compute Engine' || /google/i.test(bios)) {
    return { provider: 'gcp', evidence: `dmi product_name="${product}"`, instanceId: null };
  }
  if (chassisTag === 'OracleCloud.com') return { provider: 'oracle', evidence: 'dmi chassis_asset_tag=OracleCloud.com', instanceId: null };
  if (/alibaba/i.test(vendor)) return { provider: 'alibaba', evidence: `dmi sys_vendor="${vendor}"`, instanceId: null };
  if (/OpenStack/i.test(product)) return { provider: 'openstack', evidence: `dmi product_name="${product}"`, instanceId: null };
  if (/DigitalOcean/i.test(vendor)) return { provider: 'digitalocean', evidence: `dmi sys_vendor="${vendor}"`, instanceId: null };
  if (/Hetzner/i.test(vendor)) return { provider: 'hetzner', evidence: `dmi sys_vendor="${vendor}"`, instanceId: null };
  return null;
}
