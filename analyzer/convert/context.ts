/**
 * The state one conversion carries: the options, the action items raised so far, the objects
 * seen, and the renames. Converters call `raise` and go on; `finish` rolls the items up into
 * a status per object, a summary per object type and an effort estimate.
 */
import type { ActionItem, ObjectType, OwnerRef } from './action-item.js';
import { actionCode } from './codes/catalog.js';
import type { ConvertOptions } from './options.js';
import type { ConversionResult, DdlStatement, EffortBucket, ObjectResult, SummaryRow, TargetEngine } from './result.js';
import type { DatabaseModel } from '../model/schema.js';

export interface RaiseInput {
  code: string;
  /** The exact object, qualified: `schema.table.column`. */
  object: string;
  objectType: ObjectType;
  /** The object whose status this counts against (a table for its columns); defaults to the object itself. */
  owner?: OwnerRef;
  /** This occurrence: names what changed. */
  message: string;
  /** Overrides the catalog's recommendation for this occurrence (for example, the exact statement to run). */
  recommendation?: string;
}

interface ObjectEntry {
  result: ObjectResult;
  items: number;
  worst: 'none' | 'info' | 'warning' | 'critical';
}

const RANK = { none: 0, info: 1, warning: 2, critical: 3 } as const;

export class ConversionContext {
  readonly items: ActionItem[] = [];
  readonly statements: DdlStatement[] = [];
  readonly renames: { type: ObjectType; source: string; target: string }[] = [];
  private readonly objects = new Map<string, ObjectEntry>();

  constructor(
    readonly model: DatabaseModel,
    readonly target: TargetEngine,
    readonly options: ConvertOptions,
  ) {}

  /** Registers an object that the conversion handles (every table, view, routine, …), once. */
  object(type: ObjectType, name: string, extra?: Partial<Omit<ObjectResult, 'type' | 'name' | 'status'>>): void {
    this.entry(type, name, extra);
  }

  /** The object's entry, registered (with `extra`) when it is new, `extra` merged in when it is not. */
  private entry(type: ObjectType, name: string, extra?: Partial<Omit<ObjectResult, 'type' | 'name' | 'status'>>): ObjectEntry {
    const key = `${type}\u0000${name}`;
    let entry = this.objects.get(key);
    if (entry) {
      if (extra) Object.assign(entry.result, extra);
    } else {
      entry = { result: { type, name, status: 'converted', ...extra }, items: 0, worst: 'none' };
      this.objects.set(key, entry);
    }
    return entry;
  }

  /** Marks an object manual even without an item of critical severity (it is emitted commented out). */
  manual(type: ObjectType, name: string): void {
    this.entry(type, name).worst = 'critical';
  }

  raise(input: RaiseInput): void {
    const entry = actionCode(input.code);
    const owner = input.owner ?? { type: input.objectType, name: input.object };
    this.items.push({
      code: entry.code,
      sct: entry.sct ?? null,
      severity: entry.severity,
      object: input.object,
      objectType: input.objectType,
      owner,
      message: input.message,
      recommendation: input.recommendation ?? entry.recommendation,
      effortHours: entry.effortHours,
    });
    const obj = this.entry(owner.type, owner.name);
    obj.items += 1;
    if (RANK[entry.severity] > RANK[obj.worst]) obj.worst = entry.severity;
  }

  rename(type: ObjectType, source: string, target: string): void {
    if (source !== target) this.renames.push({ type, source, target });
  }

  emit(statement: DdlStatement): void {
    this.statements.push(statement);
  }

  finish(sameEngine: boolean): ConversionResult {
    const objects: ObjectResult[] = [];
    for (const entry of this.objects.values()) {
      // info items do not make an object "converted with actions": nothing needs doing.
      entry.result.status = entry.worst === 'critical' ? 'manual' : entry.worst === 'warning' ? 'converted_with_actions' : 'converted';
      objects.push(entry.result);
    }
    const effort = estimateEffort(this.items, objects);
    return {
      database: this.model.name,
      source: { dialect: this.model.source.dialect, flavor: this.model.source.flavor, version: this.model.source.version },
      target: this.target,
      sameEngine,
      statements: orderStatements(this.statements),
      actionItems: this.items,
      objects,
      summary: summarize(objects),
      effort,
      renames: this.renames,
    };
  }
}

const PHASE_ORDER = { 'pre-data': 0, 'post-data': 1 } as const;
const TYPE_ORDER: Record<DdlStatement['type'], number> = {
  create_schema: 0,
  create_extension: 1,
  create_type: 2,
  create_domain: 3,
  create_sequence: 4,
  create_table: 5,
  comment: 6,
  create_index: 7,
  add_constraint: 8,
  add_foreign_key: 9,
  set_sequence: 10,
  // Routines before views: a view may call a function (pagila's film_list calls an
  // aggregate). Bodies are not checked against tables at creation (MySQL never does;
  // PostgreSQL scripts turn check_function_bodies off), so a routine may name a view
  // created after it.
  create_function: 11,
  create_procedure: 12,
  create_view: 13,
  create_trigger: 14,
  manual: 15,
};

/**
 * Stable order: phase, then kind, then the order converters emitted them in (views are
 * emitted in dependency order by their converter, so a stable sort keeps it).
 */
export function orderStatements(statements: readonly DdlStatement[]): DdlStatement[] {
  return statements
    .map((s, i) => ({ s, i }))
    .sort((a, b) => PHASE_ORDER[a.s.phase] - PHASE_ORDER[b.s.phase] || TYPE_ORDER[a.s.type] - TYPE_ORDER[b.s.type] || a.i - b.i)
    .map((x) => x.s);
}

export function summarize(objects: readonly ObjectResult[]): SummaryRow[] {
  const rows = new Map<string, SummaryRow>();
  for (const o of objects) {
    const row = rows.get(o.type) ?? { type: o.type, total: 0, converted: 0, convertedWithActions: 0, manual: 0 };
    row.total += 1;
    if (o.status === 'converted') row.converted += 1;
    else if (o.status === 'converted_with_actions') row.convertedWithActions += 1;
    else row.manual += 1;
    rows.set(o.type, row);
  }
  return [...rows.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** SCT's buckets: simple < 2 h, medium 2–6 h, significant > 6 h. */
export function effortBucket(hours: number): EffortBucket {
  return hours < 2 ? 'simple' : hours <= 6 ? 'medium' : 'significant';
}

/**
 * Hours = each item's effort per occurrence, plus each distinct code's learning time once.
 * Complexity 1–10 grows with the logarithm of the hours and with the share of objects that
 * need manual work.
 */
export function estimateEffort(items: readonly ActionItem[], objects: readonly ObjectResult[]): ConversionResult['effort'] {
  let hours = 0;
  const learned = new Set<string>();
  for (const item of items) {
    hours += item.effortHours;
    if (!learned.has(item.code)) {
      learned.add(item.code);
      hours += actionCode(item.code).learningHours ?? 0;
    }
  }
  hours = Math.round(hours * 100) / 100;
  const manualShare = objects.length === 0 ? 0 : objects.filter((o) => o.status === 'manual').length / objects.length;
  const complexity = Math.max(1, Math.min(10, Math.round(1 + Math.log2(1 + hours) + 4 * manualShare)));
  return { hours, bucket: effortBucket(hours), complexity };
}
