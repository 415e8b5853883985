/**
 * index.html, the estate overview: counts of hosts and databases and the data size,
 * readiness by path and by blocker, the top action items, the total effort, and charts.
 */
import type { Severity } from '../../analyzer/convert/action-item.js';
import { ACTION_CODES } from '../../analyzer/convert/codes/catalog.js';
import type { Plan } from '../../analyzer/plan/schema.js';
import type { DatabaseAssessment } from '../assessment.js';
import { clip, formatBytes, formatHours, formatNumber } from '../format.js';
import { donut, stackedBars } from '../svg/bar-chart.js';
import type { TrustedSvg } from '../svg/markup.js';
import type { Link, PageMeta, ReportLinks } from './common.js';
import { NO_PATH, planTotalCards, reportHref } from './common.js';
import { SEVERITY_RANK } from './database-view.js';

export const TOP_ACTION_CODES = 25;
/** Above this many rows a table of the overview starts folded (<details>): the page opens fast, the rows are all there. */
export const FOLD_ROWS = 150;

export interface EstateView {
  meta: PageMeta;
  cards: { key: string; value: string }[];
  byPath: { path: string; servers: number }[];
  pathChart: TrustedSvg | null;
  blockers: { id: string; title: string; servers: number }[];
  blockedServers: number;
  severityChart: TrustedSvg | null;
  statusChart: TrustedSvg | null;
  topActions: { code: string; sct: string; severity: Severity; severityRank: number; title: string; occurrences: number; databases: number; effort: string; effortHours: number }[];
  actionCodes: number;
  /** Inventoried hosts. */
  hosts: { link: Link | null; hostname: string; os: string; cores: string; memory: string; memoryBytes: number; cpu: string; cpuSort: number; ec2: string; servers: number; application: string }[];
  /** Hosts databases were collected from without their host part (`--only databases`): no inventory, not counted as hosts. */
  collectedFrom: { link: Link | null; hostname: string; servers: number }[];
  databases: {
    link: Link | null;
    name: string;
    server: string;
    engine: string;
    target: string;
    size: string;
    sizeBytes: number;
    path: string;
    wave: number;
    effort: string;
    effortHours: number;
    critical: number;
    blocked: string;
  }[];
  failedConversions: { name: string; error: string }[];
  cpuPercentile: string;
  hostsCollapsed: boolean;
  databasesCollapsed: boolean;
  outputs: { href: string; label: string; title: string }[];
  skipped: { file: string; message: string }[];
}

export interface EstateViewInput {
  plan: Plan;
  /** Per database: the assessment without its action items' text needed, only counts and codes. */
  assessments: readonly DatabaseAssessment[];
  links: ReportLinks;
  meta: PageMeta;
  skipped: readonly { file: string; message: string }[];
  exports: readonly { path: string; title: string; rows: number }[];
}

const PATH_CLASSES = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];

export function buildEstateView(input: EstateViewInput): EstateView {
  const { plan, assessments, links, meta } = input;
  const t = plan.totals;

  // Counted from the servers: each one once, those with no feasible path in one bucket, last.
  const pathCount = new Map<string, number>();
  for (const s of plan.servers) {
    const key = s.recommended ?? NO_PATH;
    pathCount.set(key, (pathCount.get(key) ?? 0) + 1);
  }
  const byPath = [...pathCount]
    .map(([path, servers]) => ({ path, servers }))
    .sort((a, b) => Number(a.path === NO_PATH) - Number(b.path === NO_PATH) || b.servers - a.servers || a.path.localeCompare(b.path));

  const blockerCount = new Map<string, { id: string; title: string; servers: number }>();
  for (const s of plan.servers) {
    for (const id of new Set(s.blockers)) {
      const title = s.checks.find((c) => c.id === id)?.title ?? id;
      const b = blockerCount.get(id) ?? { id, title, servers: 0 };
      b.servers++;
      blockerCount.set(id, b);
    }
  }

  const codes = new Map<string, { code: string; sct: string; severity: Severity; occurrences: number; dbs: Set<string>; effortHours: number; message: string }>();
  const sev = { critical: 0, warning: 0, info: 0 };
  const status = { converted: 0, withActions: 0, manual: 0 };
  for (const a of assessments) {
    for (const r of a.summary) {
      status.converted += r.converted;
      status.withActions += r.convertedWithActions;
      status.manual += r.manual;
    }
    const key = `${a.serverId}/${a.database}`;
    for (const i of a.actionItems) {
      sev[i.severity]++;
      const c = codes.get(i.code) ?? { code: i.code, sct: i.sct === null ? '' : String(i.sct), severity: i.severity, occurrences: 0, dbs: new Set<string>(), effortHours: 0, message: i.message };
      c.occurrences++;
      c.dbs.add(key);
      c.effortHours += i.effortHours;
      codes.set(i.code, c);
    }
  }
  const topActions = [...codes.values()]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.dbs.size - a.dbs.size || b.occurrences - a.occurrences || a.code.localeCompare(b.code))
    .slice(0, TOP_ACTION_CODES)
    .map((c) => ({
      code: c.code,
      sct: c.sct,
      severity: c.severity,
      severityRank: SEVERITY_RANK[c.severity],
      title: ACTION_CODES.get(c.code)?.title ?? clip(c.message),
      occurrences: c.occurrences,
      databases: c.dbs.size,
      effort: formatHours(c.effortHours),
      effortHours: c.effortHours,
    }));

  const percentileSetting = (plan.settings as { sizing?: { percentile?: unknown } }).sizing?.percentile;
  const actionTotal = sev.critical + sev.warning + sev.info;
  const databases: EstateView['databases'] = [];
  for (const s of plan.servers) {
    for (const d of s.databases) {
      const href = links.database(s.id, d.name);
      databases.push({
        link: href ? { label: d.name, href: reportHref(meta.root, href) } : null,
        name: d.name,
        server: s.id,
        engine: `${s.flavor ?? s.engine} ${s.version ?? ''}`.trim(),
        target: s.target.engine,
        size: formatBytes(d.sizeBytes),
        sizeBytes: d.sizeBytes ?? 0,
        path: s.recommended ?? NO_PATH,
        wave: s.wave,
        effort: formatHours(d.conversion?.effortHours ?? null),
        effortHours: d.conversion?.effortHours ?? 0,
        critical: d.conversion?.critical ?? 0,
        blocked: s.blockers.join(', '),
      });
    }
  }
  return {
    meta,
    cards: [
      ...planTotalCards(plan, 'total data size'),
      { key: 'blocked servers', value: formatNumber(t.blocked, 0) },
      { key: 'action items', value: formatNumber(actionTotal, 0) },
      { key: 'migration waves', value: formatNumber(plan.waves.length, 0) },
    ],
    byPath,
    pathChart: byPath.length ? donut('Database servers by recommended path', byPath.map((p, i) => ({ key: p.path, cls: p.path === NO_PATH ? 'blocked' : PATH_CLASSES[i % PATH_CLASSES.length]!, value: p.servers })), String(t.servers)) : null,
    blockers: [...blockerCount.values()].sort((a, b) => b.servers - a.servers || a.id.localeCompare(b.id)),
    blockedServers: t.blocked,
    severityChart: actionTotal
      ? donut('Action items by severity', [
          { key: 'critical', cls: 'sev-critical', value: sev.critical },
          { key: 'warning', cls: 'sev-warning', value: sev.warning },
          { key: 'info', cls: 'sev-info', value: sev.info },
        ], String(actionTotal))
      : null,
    statusChart:
      status.converted + status.withActions + status.manual
        ? stackedBars('Objects by conversion status, all databases', [{ label: 'all objects', segments: [{ key: 'automatic', cls: 'converted', value: status.converted }, { key: 'with actions', cls: 'converted_with_actions', value: status.withActions }, { key: 'manual', cls: 'manual', value: status.manual }] }], [
            { label: 'automatic', cls: 'converted' },
            { label: 'with actions', cls: 'converted_with_actions' },
            { label: 'manual', cls: 'manual' },
          ])
        : null,
    topActions,
    actionCodes: codes.size,
    hosts: plan.hosts.filter((h) => h.hostCollected).map((h) => {
      const href = links.host(h.id);
      return {
        link: href ? { label: h.hostname, href: reportHref(meta.root, href) } : null,
        hostname: h.hostname,
        os: h.os ?? '',
        cores: h.logicalCores === null ? '–' : String(h.logicalCores),
        memory: formatBytes(h.memoryBytes),
        memoryBytes: h.memoryBytes ?? 0,
        cpu: h.cpuPctAtPercentile === null ? '–' : `${formatNumber(h.cpuPctAtPercentile, 1)} %`,
        cpuSort: h.cpuPctAtPercentile ?? -1,
        ec2: h.ec2?.type ?? '–',
        servers: h.databaseServers.length,
        application: h.application ?? '',
      };
    }),
    collectedFrom: plan.hosts
      .filter((h) => !h.hostCollected)
      .map((h) => {
        const href = links.host(h.id);
        return { link: href ? { label: h.hostname, href: reportHref(meta.root, href) } : null, hostname: h.hostname, servers: plan.servers.filter((s) => s.hostId === h.id).length };
      }),
    databases,
    databasesCollapsed: databases.length > FOLD_ROWS,
    hostsCollapsed: plan.hosts.filter((h) => h.hostCollected).length > FOLD_ROWS,
    failedConversions: assessments.filter((a) => a.error !== null).map((a) => ({ name: `${a.serverId}/${a.database}`, error: a.error ?? '' })),
    skipped: [...input.skipped],
    outputs: [
      { href: reportHref(meta.root, 'plan.json'), label: 'plan.json', title: 'the migration plan, machine-readable' },
      ...input.exports.map((e) => ({ href: reportHref(meta.root, e.path), label: e.path, title: `${e.title}${e.path.endsWith('.csv') ? ` (${e.rows} rows)` : ''}` })),
    ],
    cpuPercentile: typeof percentileSetting === 'number' ? `p${percentileSetting}` : 'percentile',
  };
}
