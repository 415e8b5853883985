/** What every page view carries: its title, the way back to the root, and the run's facts. */

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

export const BADGE_STATUS: Record<string, string> = { pass: 'st-pass', warn: 'st-warn', fail: 'st-fail', unknown: 'st-unknown' };

/**
 * An href to a file of the report: `root` plus the relative path with every segment
 * percent-encoded, so no name can become a scheme (`javascript:`) or leave the report.
 */
export function reportHref(root: string, relPath: string): string {
  const segments = relPath.split('/').filter((seg) => seg !== '' && seg !== '.' && seg !== '..');
  return `${root}${segments.map(encodeURIComponent).join('/')}`;
}
