/** plan.html: the waves, the dependency graph, the path of each database server, the total effort and downtime. */
import type { Plan } from '../../analyzer/plan/schema.js';
import { formatBytes, formatDuration, formatNumber } from '../format.js';
import { dependencyGraph } from '../svg/dependency-graph.js';
import type { TrustedSvg } from '../svg/markup.js';
import type { KeyValue, Link, PageMeta, ReportLinks } from './common.js';
import { NO_PATH, planTotalCards, reportHref } from './common.js';

export interface PlanView {
  meta: PageMeta;
  cards: KeyValue[];
  waves: { index: number; servers: Link[]; applications: string; downtime: string; warnings: string[] }[];
  graph: TrustedSvg | null;
  graphNote: string;
  servers: {
    id: string;
    host: Link | null;
    hostname: string;
    engine: string;
    target: string;
    data: string;
    dataBytes: number;
    path: string;
    downtime: string;
    downtimeSeconds: number;
    within: string;
    blockers: string;
    wave: number;
    instance: string;
    databases: Link[];
    /** Many databases on one server: listed inside a <details>. */
    databasesFolded: boolean;
    artifacts: Link[];
  }[];
  applications: { name: string; named: string; hosts: string; servers: string }[];
  settings: KeyValue[];
  catalog: string;
}

export interface PlanViewInput {
  plan: Plan;
  links: ReportLinks;
  meta: PageMeta;
}

/** Settings as `a.b.c = value` lines (the planner's own values; escaped like everything else). */
function flatten(prefix: string, value: unknown, out: KeyValue[]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  } else {
    out.push({ key: prefix, value: typeof value === 'string' ? value : JSON.stringify(value) ?? '' });
  }
}

export function buildPlanView(input: PlanViewInput): PlanView {
  const { plan, links, meta } = input;
  const t = plan.totals;
  const serverById = new Map(plan.servers.map((s) => [s.id, s]));
  const appName = new Map(plan.applications.map((a) => [a.id, a.name]));
  const hostName = new Map(plan.hosts.map((h) => [h.id, h.hostname]));
  const firstDb = (serverId: string): string | null => {
    const s = serverById.get(serverId);
    const d = s?.databases[0];
    return s && d ? links.database(s.id, d.name) : null;
  };
  const g = plan.graph.nodes.length ? dependencyGraph(plan.graph) : null;
  const settings: KeyValue[] = [];
  flatten('', plan.settings, settings);
  return {
    meta,
    cards: [
      ...planTotalCards(plan, 'data to move'),
      { key: 'waves', value: formatNumber(plan.waves.length, 0) },
      { key: 'blocked servers', value: formatNumber(t.blocked, 0) },
    ],
    waves: plan.waves.map((w) => ({
      index: w.index,
      servers: w.databaseServers.map((id) => {
        const href = firstDb(id);
        return { label: id, href: href ? reportHref(meta.root, href) : '' };
      }),
      applications: w.applications.map((a) => appName.get(a) ?? a).join(', '),
      downtime: formatDuration(w.downtimeSeconds),
      warnings: w.warnings,
    })),
    graph: g?.svg ?? null,
    graphNote: g
      ? `${g.shownNodes} of ${plan.graph.nodes.length} nodes and ${g.shownEdges} of ${plan.graph.edges.length} connections drawn${g.hiddenNodes ? '; the least connected nodes are left out, and plan.json has the full graph' : ''}.`
      : 'No connections between collected hosts and database servers were observed.',
    servers: plan.servers.map((s) => {
      const hostHref = links.host(s.hostId);
      const chosen = s.paths.find((p) => p.path === s.recommended) ?? null;
      return {
        id: s.id,
        host: hostHref ? { label: s.hostname, href: reportHref(meta.root, hostHref) } : null,
        hostname: s.hostname,
        engine: `${s.flavor ?? s.engine} ${s.version ?? ''}`.trim(),
        target: `${s.target.engine} ${s.target.version}`,
        data: formatBytes(s.dataBytes),
        dataBytes: s.dataBytes,
        path: s.recommended ?? NO_PATH,
        downtime: chosen ? formatDuration(chosen.downtimeSeconds) : '–',
        downtimeSeconds: chosen?.downtimeSeconds ?? 0,
        within: chosen ? (chosen.withinDowntime ? 'yes' : 'no') : '–',
        blockers: s.blockers.join(', '),
        wave: s.wave,
        instance: s.sizing?.instanceClass ?? '–',
        databases: s.databases
          .map((d) => {
            const href = links.database(s.id, d.name);
            return href ? { label: d.name, href: reportHref(meta.root, href) } : null;
          })
          .filter((l): l is Link => l !== null),
        databasesFolded: s.databases.length > 6,
        artifacts: s.artifacts.map((a) => ({ label: a.kind, href: reportHref(meta.root, a.path) })),
      };
    }),
    applications: plan.applications.map((a) => ({
      name: a.name,
      named: a.named ? 'settings' : 'found from connections',
      hosts: a.hosts.map((h) => hostName.get(h) ?? h).join(', '),
      servers: a.databaseServers.join(', '),
    })),
    settings,
    catalog: `Instance catalog ${plan.instanceCatalog.source}, made on ${plan.instanceCatalog.madeOn}${plan.instanceCatalog.pricesApproximate ? '; prices are approximate' : ''}.`,
  };
}
