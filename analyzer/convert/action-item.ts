/**
 * Action items: what a converted database needs a person for. Every item has a stable code
 * from the one catalog (codes/catalog.ts), the SCT action item number where SCT has a
 * matching one, and an effort in hours. Items are the product, not exceptions: converters
 * raise them and go on.
 */

/**
 * info: converted, with a change worth knowing (a type widened, a name shortened);
 * warning: converted with a change in behaviour to review (case-sensitive comparison, a
 * range narrowed to the closest safe form);
 * critical: not converted, or the object would not work: manual work (emitted commented out).
 */
export type Severity = 'info' | 'warning' | 'critical';

export type ObjectType =
  | 'schema'
  | 'table'
  | 'column'
  | 'index'
  | 'constraint'
  | 'foreign_key'
  | 'view'
  | 'materialized_view'
  | 'function'
  | 'procedure'
  | 'trigger'
  | 'sequence'
  | 'type'
  | 'domain'
  | 'extension'
  | 'event'
  | 'setting'
  | 'database';

/** One catalog entry: the code's fixed facts. */
export interface ActionCode {
  /** Stable, snake_case, never reused for another meaning. */
  code: string;
  /** The matching SCT action item number, where SCT has one. */
  sct?: number;
  severity: Severity;
  /** One line: what happens, without object names. */
  title: string;
  /** What to do about it. */
  recommendation: string;
  /** Hours per occurrence. */
  effortHours: number;
  /** Hours to learn the fix once, whatever the number of occurrences (SCT's learning curve). */
  learningHours?: number;
}

/** An object whose status the items roll up into: a table for its columns, indexes and keys. */
export interface OwnerRef {
  type: ObjectType;
  /** Qualified source name: `schema.object`. */
  name: string;
}

export interface ActionItem {
  code: string;
  sct: number | null;
  severity: Severity;
  /** The exact object: `schema.table.column`, `schema.table.index`, `schema.view`. */
  object: string;
  objectType: ObjectType;
  owner: OwnerRef;
  /** Specific to this occurrence: names the object and what changed. */
  message: string;
  recommendation: string;
  effortHours: number;
}
