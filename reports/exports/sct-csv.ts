/**
 * Action items as SCT's assessment report CSVs (ANCHORS.md Part 1 §4): the action items
 * file, its per-item summary, and the per-category summary. SCT's columns come first, in
 * SCT's order; ours (server, database, code, severity, hours) follow, so a reader built for
 * SCT's files finds its columns and ours adds what SCT leaves out.
 */
import type { ActionItem, ObjectType } from '../../analyzer/convert/action-item.js';
import { ACTION_CODES } from '../../analyzer/convert/codes/catalog.js';
import { effortBucket } from '../../analyzer/convert/context.js';
import type { EffortBucket } from '../../analyzer/convert/result.js';
import type { CsvValue } from './csv.js';
import type { ExportConversion } from './types.js';

export const SCT_ACTION_ITEM_COLUMNS = [
  'Category',
  'Occurrence',
  'Action item number',
  'Subject',
  'Group',
  'Description',
  'Documentation references',
  'Recommended action',
  'Estimated complexity',
  'Server',
  'Database',
  'Code',
  'Severity',
  'Object',
  'Effort hours',
] as const;

export const SCT_ACTION_ITEM_SUMMARY_COLUMNS = [
  'Action item number',
  'Subject',
  'Occurrences',
  'Learning curve effort',
  'Effort to convert an occurrence',
  'Code',
  'Severity',
  'Databases',
  'Total effort hours',
] as const;

export const SCT_SUMMARY_COLUMNS = [
  'Category',
  'Number of objects',
  'Objects automatically converted',
  'Objects with simple actions',
  'Objects with medium-complexity actions',
  'Objects with complex actions',
  'Total lines of code',
  'Server',
  'Database',
  'Target',
] as const;

/** SCT's category names for our object types. */
const CATEGORY: Record<ObjectType, string> = {
  schema: 'Schemas',
  table: 'Tables',
  column: 'Columns',
  index: 'Indexes',
  constraint: 'Constraints',
  foreign_key: 'Foreign keys',
  view: 'Views',
  materialized_view: 'Materialized views',
  function: 'Functions',
  procedure: 'Procedures',
  trigger: 'Triggers',
  sequence: 'Sequences',
  type: 'Types',
  domain: 'Domains',
  extension: 'Extensions',
  event: 'Events',
  setting: 'Settings',
  database: 'Databases',
};

const COMPLEXITY: Record<EffortBucket, string> = { simple: 'Simple', medium: 'Medium', significant: 'Significant' };

/** The SCT number when SCT has one, else our stable code. */
const itemNumber = (item: Pick<ActionItem, 'sct' | 'code'>): string => (item.sct !== null ? String(item.sct) : item.code);
const subject = (code: string): string => ACTION_CODES.get(code)?.title ?? code;

export function actionItemRows(conversions: readonly ExportConversion[]): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const c of conversions) {
    for (const item of c.result.actionItems) {
      rows.push([
        CATEGORY[item.objectType] ?? item.objectType,
        `${c.serverId}/${c.database}: ${item.object}`,
        itemNumber(item),
        subject(item.code),
        `${item.owner.type} ${item.owner.name}`,
        item.message,
        null,
        item.recommendation,
        COMPLEXITY[effortBucket(item.effortHours)],
        c.serverId,
        c.database,
        item.code,
        item.severity,
        item.object,
        item.effortHours,
      ]);
    }
  }
  return rows;
}

/** One row per action code over every database: how often, and what it costs. */
export function actionItemSummaryRows(conversions: readonly ExportConversion[]): CsvValue[][] {
  const byCode = new Map<string, { item: ActionItem; occurrences: number; hours: number; databases: Set<string> }>();
  for (const c of conversions) {
    for (const item of c.result.actionItems) {
      const entry = byCode.get(item.code) ?? { item, occurrences: 0, hours: 0, databases: new Set<string>() };
      entry.occurrences++;
      entry.hours += item.effortHours;
      entry.databases.add(`${c.serverId}/${c.database}`);
      byCode.set(item.code, entry);
    }
  }
  return [...byCode.values()]
    .sort((a, b) => b.hours - a.hours || a.item.code.localeCompare(b.item.code))
    .map(({ item, occurrences, hours, databases }) => {
      const learning = ACTION_CODES.get(item.code)?.learningHours ?? 0;
      return [
        itemNumber(item),
        subject(item.code),
        occurrences,
        learning,
        ACTION_CODES.get(item.code)?.effortHours ?? item.effortHours,
        item.code,
        item.severity,
        databases.size,
        hours + learning,
      ];
    });
}

/** Per database and category: objects, how many converted as they are, and the size of the work on the rest. */
export function summaryRows(conversions: readonly ExportConversion[]): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const c of conversions) {
    // Hours of work per owning object: the object's own items and those of its parts.
    const hoursByObject = new Map<string, number>();
    for (const item of c.result.actionItems) {
      const key = `${item.owner.type}\u0000${item.owner.name}`;
      hoursByObject.set(key, (hoursByObject.get(key) ?? 0) + item.effortHours);
    }
    const perType = new Map<ObjectType, { total: number; converted: number; simple: number; medium: number; complex: number; lines: number }>();
    for (const o of c.result.objects) {
      const row = perType.get(o.type) ?? { total: 0, converted: 0, simple: 0, medium: 0, complex: 0, lines: 0 };
      row.total++;
      row.lines += o.lines ?? 0;
      const hours = hoursByObject.get(`${o.type}\u0000${o.name}`) ?? 0;
      if (o.status === 'converted' && hours === 0) row.converted++;
      else {
        const bucket = o.status === 'manual' && hours === 0 ? 'significant' : effortBucket(hours);
        if (bucket === 'simple') row.simple++;
        else if (bucket === 'medium') row.medium++;
        else row.complex++;
      }
      perType.set(o.type, row);
    }
    for (const [type, r] of [...perType].sort((a, b) => a[0].localeCompare(b[0]))) {
      rows.push([CATEGORY[type] ?? type, r.total, r.converted, r.simple, r.medium, r.complex, r.lines, c.serverId, c.database, c.result.target]);
    }
  }
  return rows;
}
