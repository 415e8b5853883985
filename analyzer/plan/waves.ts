/**
 * Applications and migration waves. Applications are the connected groups of the host graph
 * (hosts linked by connections other than database connections); hosts that only run database
 * servers belong to none. The settings can name applications by hostname or address globs,
 * which takes those hosts out of the found groups. Waves: databases shared by several
 * applications go first (with a warning), then each application with the databases it uses,
 * then the databases no collected client was seen using.
 */
import type { HostFacts, PlanFacts } from './facts.js';
import type { DependencyGraph } from './graph.js';
import type { PlanApplication, PlanWave } from './schema.js';
import { globMatcher, type PlanSettings } from './settings.js';

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'app';

function namedApplication(host: HostFacts, settings: PlanSettings): string | null {
  for (const app of settings.applications) {
    for (const pattern of app.hosts) {
      const re = globMatcher(pattern);
      if (re.test(host.hostname) || host.addresses.some((a) => re.test(a))) return app.name;
    }
  }
  return null;
}

export function findApplications(facts: PlanFacts, graph: DependencyGraph, settings: PlanSettings): PlanApplication[] {
  const dbHosts = new Set(facts.servers.map((s) => s.runsOnHostId).filter((h): h is string => h !== null));
  const clientHosts = new Set<string>();
  for (const c of graph.clients.values()) for (const h of c.hosts) clientHosts.add(h);
  const named = new Map<string, string>();
  for (const h of facts.hosts) {
    const name = namedApplication(h, settings);
    if (name) named.set(h.id, name);
  }
  const isAppHost = (id: string): boolean => named.has(id) || clientHosts.has(id) || (!dbHosts.has(id) && (graph.hostLinks.get(id)?.size ?? 0) > 0);
  const hostname = new Map(facts.hosts.map((h) => [h.id, h.hostname]));

  // Connected groups of the remaining app hosts (named hosts and database-only hosts do not join groups).
  const groups: string[][] = [];
  const visited = new Set<string>();
  for (const h of facts.hosts) {
    if (visited.has(h.id) || named.has(h.id) || !isAppHost(h.id)) continue;
    const group: string[] = [];
    const stack = [h.id];
    visited.add(h.id);
    while (stack.length > 0) {
      const id = stack.pop()!;
      group.push(id);
      for (const next of graph.hostLinks.get(id) ?? []) {
        if (visited.has(next) || named.has(next) || !isAppHost(next) || (dbHosts.has(next) && !clientHosts.has(next))) continue;
        visited.add(next);
        stack.push(next);
      }
    }
    groups.push(group);
  }

  const apps: PlanApplication[] = [];
  const used = new Set<string>();
  const uniqueId = (base: string): string => {
    let id = `app-${slug(base)}`;
    for (let n = 2; used.has(id); n++) id = `app-${slug(base)}-${n}`;
    used.add(id);
    return id;
  };
  for (const app of settings.applications) {
    const hosts = facts.hosts.filter((h) => named.get(h.id) === app.name).map((h) => h.id);
    apps.push({ id: uniqueId(app.name), name: app.name, named: true, hosts, databaseServers: [] });
  }
  const sortedGroups = groups.map((g) => g.sort((a, b) => hostname.get(a)!.localeCompare(hostname.get(b)!))).sort((a, b) => hostname.get(a[0]!)!.localeCompare(hostname.get(b[0]!)!));
  for (const g of sortedGroups) {
    const first = hostname.get(g[0]!)!;
    apps.push({ id: uniqueId(first), name: g.length > 1 ? `${first} +${g.length - 1}` : first, named: false, hosts: g, databaseServers: [] });
  }
  const appOfHost = new Map<string, string>();
  for (const a of apps) for (const h of a.hosts) appOfHost.set(h, a.id);
  for (const [serverId, c] of graph.clients) {
    for (const h of c.hosts) {
      const app = apps.find((a) => a.id === appOfHost.get(h));
      if (app && !app.databaseServers.includes(serverId)) app.databaseServers.push(serverId);
    }
  }
  for (const a of apps) a.databaseServers.sort();
  return apps;
}

/** Server id → the ids of the applications using it. */
export function applicationsByServer(apps: PlanApplication[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of apps) for (const s of a.databaseServers) out.set(s, [...(out.get(s) ?? []), a.id]);
  return out;
}

export function planWaves(serverIds: string[], apps: PlanApplication[], downtime: Map<string, number>, labels: Map<string, string>): PlanWave[] {
  const byServer = applicationsByServer(apps);
  const placed = new Set<string>();
  const waves: Omit<PlanWave, 'index'>[] = [];
  const downtimeOf = (ids: string[]): number => Math.max(0, ...ids.map((id) => downtime.get(id) ?? 0));
  const appName = new Map(apps.map((a) => [a.id, a.name]));

  const shared = serverIds.filter((id) => (byServer.get(id)?.length ?? 0) > 1);
  if (shared.length > 0) {
    const appIds = [...new Set(shared.flatMap((id) => byServer.get(id)!))].sort();
    waves.push({
      databaseServers: shared,
      applications: appIds,
      warnings: shared.map(
        (id) =>
          `${labels.get(id) ?? id} is used by ${byServer
            .get(id)!
            .map((a) => appName.get(a) ?? a)
            .join(', ')}: move it first, and keep every one of these applications able to reach it (or move them together).`,
      ),
      downtimeSeconds: downtimeOf(shared),
    });
    for (const id of shared) placed.add(id);
  }
  for (const app of apps) {
    const mine = app.databaseServers.filter((id) => serverIds.includes(id) && !placed.has(id));
    if (mine.length === 0) continue;
    waves.push({ databaseServers: mine, applications: [app.id], warnings: [], downtimeSeconds: downtimeOf(mine) });
    for (const id of mine) placed.add(id);
  }
  const rest = serverIds.filter((id) => !placed.has(id));
  if (rest.length > 0) {
    waves.push({
      databaseServers: rest,
      applications: [],
      warnings: ['No collected client host was seen connecting to these servers: collect the application hosts too, or name their clients in the settings file, before scheduling them.'],
      downtimeSeconds: downtimeOf(rest),
    });
  }
  return waves.map((w, i) => ({ index: i + 1, ...w }));
}
