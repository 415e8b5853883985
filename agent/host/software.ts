import { existsSync, readFileSync } from 'node:fs';
import type { Inventory } from '../bundle/schema.js';
import type { CollectorContext } from '../collector-context.js';
import { compareText } from '../compare.js';
import { findExecutable, runCommand } from './exec.js';

/** Bounds the package list of one host. */
export const MAX_PACKAGES = 20_000;

/** Installed packages from dpkg or rpm: one command, once per inventory. */
export async function readPackages(ctx: CollectorContext): Promise<Inventory['packages']> {
  const dpkg = await findExecutable('dpkg-query');
  let manager: 'dpkg' | 'rpm';
  let text: string;
  if (dpkg && existsSync('/var/lib/dpkg/status')) {
    manager = 'dpkg';
    text = await runCommand(dpkg, ['-W', '-f', '${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\n'], 30_000);
  } else {
    const rpm = await findExecutable('rpm');
    if (!rpm) {
      ctx.limit({ collector: 'packages', code: 'not_available', message: 'no dpkg or rpm package database on this host' });
      return null;
    }
    manager = 'rpm';
    text = await runCommand(rpm, ['-qa', '--qf', 'ii \t%{NAME}\t%{VERSION}-%{RELEASE}\t%{ARCH}\n'], 60_000);
  }
  const items: NonNullable<Inventory['packages']>['items'] = [];
  let count = 0;
  for (const line of text.split('\n')) {
    const [status, name, version, arch] = line.split('\t');
    // dpkg lists removed-but-configured packages too; "ii" is installed.
    if (!name || !status?.startsWith('ii')) continue;
    count++;
    if (items.length < MAX_PACKAGES) items.push({ name, version: version ?? '', arch: arch || null });
  }
  if (count > items.length) {
    ctx.limit({ collector: 'packages', code: 'truncated', message: `package list cut at ${MAX_PACKAGES}`, affected: count - items.length });
  }
  items.sort((a, b) => compareText(a.name, b.name));
  return { manager, count, items };
}

/** Running systemd services. A host without systemd gets a limitation, not an error. */
export async function readRunningServices(ctx: CollectorContext): Promise<Inventory['services']> {
  if (!existsSync('/run/systemd/system')) {
    let init = 'unknown';
    try {
      init = readFileSync('/proc/1/comm', 'utf8').trim();
    } catch {
      // keep unknown
    }
    ctx.limit({ collector: 'services', code: 'not_available', message: `systemd is not the init system here (PID 1 is ${init}); services not listed` });
    return null;
  }
  const systemctl = await findExecutable('systemctl');
  if (!systemctl) {
    ctx.limit({ collector: 'services', code: 'not_available', message: 'systemctl not found' });
    return null;
  }
  const text = await runCommand(systemctl, ['list-units', '--type=service', '--state=running', '--no-legend', '--plain', '--no-pager'], 15_000);
  const out: NonNullable<Inventory['services']> = [];
  for (const line of text.split('\n')) {
    const match = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line.trim());
    if (match) out.push({ name: match[1] as string, state: match[4] as string, description: match[5] ?? '' });
  }
  return out;
}
