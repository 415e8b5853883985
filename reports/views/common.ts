/** What every page view carries: its title, the way back to the root, and the run's facts. */
import type { Plan } from '../../analyzer/plan/schema.js';
import { formatBytes, formatDuration, formatHours, formatNumber } from '../format.js';

export interface PageMeta {
  title: string;
  /** '' for pages at the root, '../' for hosts/ and databases/. */
  root: string;
  generatedAt: string;
  scoutVersion: string;
}

export interface Link {
  label: string;
  href: string;
}

export interface KeyValue {
  key: string;
  value: string;
}

/** The page names of the report, decided once for the whole run. */
export interface ReportLinks {
  /** Agent id → `hosts/<slug>.html`. */
  host(agentId: string): string | null;
  /** Server id + database name → `databases/<slug>.html`. */
  database(serverId: string, database: string): string | null;
}

/** What the pages show for a database server with no feasible migration path. */
export const NO_PATH = 'none feasible';

export const BADGE_STATUS: Record<string, string> = { pass: 'st-pass', warn: 'st-warn', fail: 'st-fail', unknown: 'st-unknown' };

/**
 * An href to a file of the report: `root` plus the relative path with every segment
 * percent-encoded, so no name can become a scheme (`javascript:`) or leave the report.
 */
export function reportHref(root: string, relPath: string): string {
  const segments = relPath.split('/').filter((seg) => seg !== '' && seg !== '.' && seg !== '..');
  return `${root}${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * The cards the overview and the plan page both open with: inventoried hosts (and the hosts
 * databases were only collected from, `--only databases`), servers, databases, the data size
 * (under `dataLabel`), the conversion effort and the total downtime of the plan.
 */
export function planTotalCards(plan: Pick<Plan, 'totals' | 'hosts'>, dataLabel: string): KeyValue[] {
  const totals = plan.totals;
  const inventoried = plan.hosts.filter((h) => h.hostCollected).length;
  const collectedFrom = plan.hosts.length - inventoried;
  return [
    { key: 'hosts', value: formatNumber(inventoried, 0) },
    ...(collectedFrom ? [{ key: 'collected from, not inventoried', value: formatNumber(collectedFrom, 0) }] : []),
    { key: 'database servers', value: formatNumber(totals.servers, 0) },
    { key: 'databases', value: formatNumber(totals.databases, 0) },
    { key: dataLabel, value: formatBytes(totals.dataBytes) },
    { key: 'conversion effort', value: formatHours(totals.conversionEffortHours) },
    { key: 'total downtime', value: formatDuration(totals.downtimeSeconds) },
  ];
}
