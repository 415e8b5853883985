/**
 * databases/<server>-<db>.html, the SCT-style assessment of one database: executive summary,
 * objects by type and status with a chart, the action items (sortable, filterable), the
 * converted DDL, the source settings, the prerequisite checks with their fixes, and the
 * recommended path with its runbook.
 */
import type { ObjectType, Severity } from '../../analyzer/convert/action-item.js';
import { ACTION_CODES } from '../../analyzer/convert/codes/catalog.js';
import type { PlanServer } from '../../analyzer/plan/schema.js';
import type { DatabaseAssessment } from '../assessment.js';
import { clip, formatBytes, formatDuration, formatHours, formatNumber, formatPercent } from '../format.js';
import { stackedBars } from '../svg/bar-chart.js';
import type { TrustedSvg } from '../svg/markup.js';
import type { KeyValue, Link, PageMeta } from './common.js';
import { reportHref } from './common.js';
import { BADGE_STATUS, NO_PATH } from './common.js';

/** Action item rows on a page; the full list is in the assessment JSON and exports/. */
export const MAX_ACTION_ROWS = 5000;
/** Characters of each DDL script shown inline; the file itself is always complete. */
export const MAX_INLINE_DDL = 400_000;

export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

/** SCT's split of the conversion rate: storage objects and code objects. */
const CODE_OBJECTS: ReadonlySet<ObjectType> = new Set(['view', 'materialized_view', 'function', 'procedure', 'trigger', 'event']);

export interface ActionRow {
  code: string;
  sct: string;
  severity: Severity;
  severityRank: number;
  objectType: string;
  object: string;
  message: string;
  recommendation: string;
  effort: string;
  effortHours: number;
}

export interface DdlView {
  label: string;
  href: string;
  text: string;
  cut: boolean;
}

export interface DatabaseView {
  meta: PageMeta;
  database: string;
  serverId: string;
  hostname: string;
  host: Link | null;
  error: string | null;
  summary: KeyValue[];
  findings: string[];
  objects: { type: string; total: number; converted: number; withActions: number; manual: number; auto: string }[];
  objectsChart: TrustedSvg | null;
  codes: { code: string; sct: string; severity: Severity; severityRank: number; title: string; count: number; effort: string; effortHours: number }[];
  actions: ActionRow[];
  actionsTotal: number;
  actionsCut: boolean;
  ddl: DdlView[];
  assessmentHref: string | null;
  settings: KeyValue[];
  server: KeyValue[];
  checks: { status: string; badge: string; id: string; title: string; detail: string; fix: string | null; objects: string }[];
  recommended: string | null;
  blockers: string[];
  paths: { rank: number; path: string; feasible: string; fullLoad: string; downtime: string; within: string; blockers: string; rationale: string[] }[];
  runbook: { order: number; title: string; detail: string; command: string | null }[];
}

export interface DatabaseViewInput {
  assessment: DatabaseAssessment;
  server: PlanServer | null;
  meta: PageMeta;
  hostHref: string | null;
  /** The DDL scripts' text, read back from ddl/ (null when not written). */
  ddlText: { preData: string | null; postData: string | null };
}

const pct = (part: number, whole: number): string => formatPercent(part, whole);

/** The database's own conversion target; the server's plan may target another engine when its databases disagree. */
function targetText(a: DatabaseAssessment, target: PlanServer['target'] | null): string {
  const engine = a.target === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql';
  const kind = a.sameEngine ? 'same engine' : 'engine change';
  if (!target) return `${engine} (${kind})`;
  if (target.engine === engine) return `${target.version} (${kind})`;
  return `${engine} (${kind}); the server's plan targets ${target.version}, so this database needs its own migration task`;
}

function summaryOf(a: DatabaseAssessment, server: PlanServer | null): { rows: KeyValue[]; findings: string[] } {
  const total = a.summary.reduce((n, r) => n + r.total, 0);
  const auto = a.summary.reduce((n, r) => n + r.converted, 0);
  const withActions = a.summary.reduce((n, r) => n + r.convertedWithActions, 0);
  const manual = a.summary.reduce((n, r) => n + r.manual, 0);
  const split = (code: boolean) => {
    const rows = a.summary.filter((r) => CODE_OBJECTS.has(r.type) === code);
    const t = rows.reduce((n, r) => n + r.total, 0);
    return t ? pct(rows.reduce((n, r) => n + r.converted + r.convertedWithActions, 0), t) : 'none';
  };
  const sev = { critical: 0, warning: 0, info: 0 };
  for (const i of a.actionItems) sev[i.severity]++;
  const dbPlan = server?.databases.find((d) => d.name === a.database) ?? null;
  const target = server?.target ?? null;
  const rows: KeyValue[] = [
    { key: 'source', value: `${a.source.flavor} ${a.source.version} on ${a.hostname}` },
    { key: 'target', value: targetText(a, target) },
    { key: 'conversion', value: a.sameEngine ? 'same engine: a compatibility assessment, no rewrite' : 'schema and code rewritten for the target engine' },
    { key: 'data size', value: formatBytes(dbPlan?.sizeBytes ?? null) },
    { key: 'objects', value: `${total}: ${auto} automatic, ${withActions} with actions, ${manual} manual` },
    { key: 'storage objects converted', value: split(false) },
    { key: 'code objects converted', value: split(true) },
    { key: 'action items', value: `${a.actionItems.length}: ${sev.critical} critical, ${sev.warning} warning, ${sev.info} info` },
    { key: 'effort', value: `${formatHours(a.effort.hours)} (${a.effort.bucket})` },
    { key: 'complexity', value: `${a.effort.complexity} / 10` },
    { key: 'recommended path', value: server?.recommended ?? (server ? NO_PATH : 'not planned') },
    { key: 'wave', value: server ? String(server.wave) : '–' },
  ];
  const findings: string[] = [];
  if (total) findings.push(`${pct(auto + withActions, total)} of the ${total} objects convert automatically; ${manual} need manual work.`);
  if (a.sameEngine) findings.push('The target has the same engine: the schema moves as it is, and the items below are compatibility notes.');
  if (target?.reason) findings.push(`Target: ${target.reason}`);
  if (server && server.blockers.length) findings.push(`Blocked: ${server.blockers.length} failing check(s) block the recommended path: ${server.blockers.join(', ')}.`);
  if (sev.critical) findings.push(`${sev.critical} critical item(s) mean objects that do not convert and are written commented out in the post-data script.`);
  return { rows, findings };
}

export function buildDatabaseView(input: DatabaseViewInput): DatabaseView {
  const { assessment: a, server, meta } = input;
  const { rows, findings } = summaryOf(a, server);
  const byCode = new Map<string, DatabaseView['codes'][number]>();
  for (const i of a.actionItems) {
    const c = byCode.get(i.code);
    if (c) {
      c.count++;
      c.effortHours += i.effortHours;
    } else {
      byCode.set(i.code, { code: i.code, sct: i.sct === null ? '' : String(i.sct), severity: i.severity, severityRank: SEVERITY_RANK[i.severity], title: ACTION_CODES.get(i.code)?.title ?? clip(i.message), count: 1, effort: '', effortHours: i.effortHours });
    }
  }
  const codes = [...byCode.values()]
    .map((c) => ({ ...c, effort: formatHours(c.effortHours) }))
    .sort((x, y) => y.severityRank - x.severityRank || y.count - x.count || x.code.localeCompare(y.code));
  const sorted = [...a.actionItems].sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || x.object.localeCompare(y.object));
  const actions: ActionRow[] = sorted.slice(0, MAX_ACTION_ROWS).map((i) => ({
    code: i.code,
    sct: i.sct === null ? '' : String(i.sct),
    severity: i.severity,
    severityRank: SEVERITY_RANK[i.severity],
    objectType: i.objectType,
    object: clip(i.object),
    message: clip(i.message, 1000),
    recommendation: clip(i.recommendation, 1000),
    effort: formatHours(i.effortHours),
    effortHours: i.effortHours,
  }));
  const objects = a.summary.map((r) => ({ type: r.type, total: r.total, converted: r.converted, withActions: r.convertedWithActions, manual: r.manual, auto: pct(r.converted + r.convertedWithActions, r.total) }));
  const objectsChart = a.summary.length
    ? stackedBars(
        'Objects by type and conversion status',
        a.summary.map((r) => ({
          label: r.type,
          segments: [
            { key: 'automatic', cls: 'converted', value: r.converted },
            { key: 'with actions', cls: 'converted_with_actions', value: r.convertedWithActions },
            { key: 'manual', cls: 'manual', value: r.manual },
          ],
        })),
        [
          { label: 'automatic', cls: 'converted' },
          { label: 'with actions', cls: 'converted_with_actions' },
          { label: 'manual', cls: 'manual' },
        ],
      )
    : null;
  const ddl: DdlView[] = [];
  if (a.files) {
    for (const [label, file, textOf] of [
      ['pre-data (before the data load)', a.files.preData, input.ddlText.preData],
      ['post-data (after the data load)', a.files.postData, input.ddlText.postData],
    ] as const) {
      const t = textOf ?? '';
      ddl.push({ label, href: reportHref(meta.root, file), text: t.length > MAX_INLINE_DDL ? t.slice(0, MAX_INLINE_DDL) : t, cut: t.length > MAX_INLINE_DDL });
    }
  }
  const w = server?.workload;
  return {
    meta,
    database: a.database,
    serverId: a.serverId,
    hostname: a.hostname,
    host: input.hostHref ? { label: a.hostname, href: input.hostHref } : null,
    error: a.error,
    summary: rows,
    findings,
    objects,
    objectsChart,
    codes,
    actions,
    actionsTotal: a.actionItems.length,
    actionsCut: a.actionItems.length > MAX_ACTION_ROWS,
    ddl,
    assessmentHref: a.files ? reportHref(meta.root, a.files.assessment) : null,
    settings: Object.entries(a.settings)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([key, value]) => ({ key, value: clip(value, 1000) })),
    server: server
      ? [
          { key: 'server', value: server.id },
          { key: 'engine', value: `${server.flavor ?? server.engine} ${server.version ?? ''}`.trim() },
          { key: 'hosting', value: server.hosting },
          { key: 'address', value: server.address ? `${server.address}${server.port === null ? '' : `:${server.port}`}` : '–' },
          { key: 'data on the server', value: formatBytes(server.dataBytes) },
          { key: 'writes', value: w?.writeRowsPerSec === null || w?.writeRowsPerSec === undefined ? '–' : `${formatNumber(w.writeRowsPerSec, 1)} rows/s` },
          { key: 'connections', value: w?.connections === null || w?.connections === undefined ? '–' : `${w.connections}${w.maxConnections === null ? '' : ` of max ${w.maxConnections}`}` },
          ...(server.sizing ? [{ key: 'Aurora instance', value: `${server.sizing.instanceClass} (${server.sizing.vcpu} vCPU, ${formatNumber(server.sizing.memoryGiB, 0)} GiB) — ${server.sizing.rationale}` }] : []),
        ]
      : [],
    checks: (server?.checks ?? [])
      .map((c) => ({
        status: c.status,
        badge: BADGE_STATUS[c.status] ?? 'st-unknown',
        id: c.id,
        title: c.title,
        detail: c.detail,
        fix: c.fix,
        objects: c.objects.length ? `${clip(c.objects.join(', '), 1000)}${c.objectsTotal > c.objects.length ? ` … (${c.objectsTotal} in all)` : ''}` : '',
        rank: { fail: 0, warn: 1, unknown: 2, pass: 3 }[c.status],
      }))
      .sort((x, y) => x.rank - y.rank)
      .map(({ rank: _rank, ...c }) => c),
    recommended: server?.recommended ?? null,
    blockers: server?.blockers ?? [],
    paths: [...(server?.paths ?? [])]
      .sort((x, y) => x.rank - y.rank)
      .map((p) => ({
        rank: p.rank,
        path: p.path,
        feasible: p.feasible ? 'yes' : 'no',
        fullLoad: formatDuration(p.fullLoadSeconds),
        downtime: formatDuration(p.downtimeSeconds),
        within: p.withinDowntime ? 'yes' : 'no',
        blockers: p.blockers.join(', '),
        rationale: p.rationale,
      })),
    runbook: server?.runbook ?? [],
  };
}
