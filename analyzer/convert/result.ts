/** What a conversion produces: ordered DDL, action items, a status per object, a summary and an effort estimate. */
import type { ActionItem, ObjectType } from './action-item.js';

export type TargetEngine = 'postgresql' | 'mysql';

/**
 * pre-data: schemas/databases, types, sequences, tables (columns, defaults, identity, PK);
 * post-data: indexes, unique and check constraints, foreign keys, then views, routines, triggers.
 * A DMS full load or a dump's data goes between the two.
 */
export type Phase = 'pre-data' | 'post-data';

export type StatementType =
  | 'create_schema'
  | 'create_extension'
  | 'create_type'
  | 'create_domain'
  | 'create_sequence'
  | 'create_table'
  | 'comment'
  | 'create_index'
  | 'add_constraint'
  | 'add_foreign_key'
  | 'set_sequence'
  | 'create_view'
  | 'create_function'
  | 'create_procedure'
  | 'create_trigger'
  | 'manual'; // an object emitted commented out

export interface DdlStatement {
  phase: Phase;
  type: StatementType;
  /** The object it creates, qualified source name. */
  object: string;
  /** One complete statement, ending with `;` (for `manual`: a comment block). */
  sql: string;
}

export type ObjectStatus = 'converted' | 'converted_with_actions' | 'manual';

export interface ObjectResult {
  type: ObjectType;
  /** Qualified source name. */
  name: string;
  /** Qualified target name, when it differs or is created. */
  target?: string;
  status: ObjectStatus;
  /** Routines and triggers: source size and what the body uses. */
  lines?: number;
  chars?: number;
  constructs?: string[];
}

export interface SummaryRow {
  type: ObjectType;
  total: number;
  converted: number;
  convertedWithActions: number;
  manual: number;
}

export type EffortBucket = 'simple' | 'medium' | 'significant';

export interface ConversionResult {
  database: string;
  source: { dialect: 'mysql' | 'postgres'; flavor: string; version: string };
  target: TargetEngine;
  /** Same engine: no rewrite, only a compatibility assessment (the DDL is the model regenerated). */
  sameEngine: boolean;
  statements: DdlStatement[];
  actionItems: ActionItem[];
  objects: ObjectResult[];
  summary: SummaryRow[];
  effort: {
    hours: number;
    /** SCT's buckets: simple < 2 h, medium 2–6 h, significant > 6 h. */
    bucket: EffortBucket;
    /** 1 (trivial) to 10 (very complex), from the hours and the share of manual objects. */
    complexity: number;
  };
  /** Source name → target name where a name changed (case folding, truncation, collisions). */
  renames: { type: ObjectType; source: string; target: string }[];
}
