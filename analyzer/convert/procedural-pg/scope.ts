/**
 * What a PostgreSQL → MySQL routine conversion knows about its schema: the MySQL database,
 * the converted tables and their columns, the schema's routines with their MySQL names and
 * shapes, and the aggregates MySQL's GROUP_CONCAT replaces.
 */
import { quoteMysqlQualified } from '../../dialects/mysql/quote.js';
import { mysqlTypeName } from '../../dialects/mysql/type-names.js';
import type { Routine, Schema } from '../../model/schema.js';
import { NameScope, fitMysqlName } from '../postgres-to-mysql/names.js';
import type { ConvertState } from '../postgres-to-mysql/state.js';
import { q, type Kind, type RoutineInfo } from './env.js';
import { tokenizePg } from './tokens.js';
import { mapRoutineType } from './types.js';

/** How a PostgreSQL routine lands on MySQL. */
export type RoutineShape = 'function' | 'procedure' | 'result_set' | 'trigger_function' | 'aggregate' | 'other';

const KIND_BY_TYPE: Partial<Record<string, Kind>> = { bool: 'bool', int8: 'number', int16: 'number', int24: 'number', int32: 'number', int64: 'number', decimal: 'number', float32: 'number', float64: 'number', char: 'text', varchar: 'text', text: 'text', enum: 'text', date: 'date', timestamp: 'timestamp', timestamptz: 'timestamp' };

export function routineShape(r: Routine): RoutineShape {
  const returns = (r.returns ?? '').toLowerCase().trim();
  if (r.kind === 'aggregate') return 'aggregate';
  if (r.kind === 'window') return 'other';
  if (r.kind === 'procedure') return 'procedure';
  if (returns === 'trigger') return 'trigger_function';
  if (returns === 'event_trigger') return 'other';
  if (r.returnsSet || /^setof\b/.test(returns) || /^table\s*\(/.test(returns)) return 'result_set';
  if (returns === 'void') return 'procedure';
  return 'function';
}

/**
 * The concatenating idiom old PostgreSQL schemas define as an aggregate (sakila-on-pagila's
 * group_concat): a text state function `CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2
 * ELSE $1 || 'sep' || $2 END`, no final function, no initial value. Returns the separator.
 */
export function concatIdiomSeparator(agg: Routine, schema: Schema): string | null {
  const sfunc = agg.attrs['agg_transfn'];
  if (!sfunc || agg.attrs['agg_finalfn'] || agg.attrs['agg_initval'] || !/^text$/i.test(agg.attrs['agg_state_type'] ?? '')) return null;
  const name = sfunc.replace(/^.*\./, '').replace(/"/g, '');
  const fn = schema.routines.find((r) => r.name === name && r.kind === 'function' && r.language.toLowerCase() === 'sql');
  if (!fn?.body) return null;
  const toks = tokenizePg(fn.body);
  if (typeof toks === 'string') return null;
  const text = toks.map((t) => (t.kind === 'string' ? `'${t.value}'` : t.kind === 'param' ? `$${t.value}` : t.lower)).join(' ');
  const m = /^select case when \$2 is null then \$1 when \$1 is null then \$2 else \$1 \|\| '([^']*)' \|\| \$2 end( ;)?$/.exec(text);
  return m ? m[1]! : null;
}

export class PgRoutineScope {
  readonly db: string;
  private readonly routineNames = new Map<Routine, string>();
  private readonly columnKinds = new Map<string, Kind>();
  private readonly aggregates = new Map<string, string>();

  constructor(
    readonly state: ConvertState,
    readonly schema: Schema,
  ) {
    this.db = state.db(schema.name);
    const names = new NameScope();
    for (const r of schema.routines) {
      if (routineShape(r) === 'trigger_function' || routineShape(r) === 'aggregate') continue;
      this.routineNames.set(r, names.claim(r.name));
    }
    for (const t of schema.tables) {
      for (const c of t.columns) {
        const kind = KIND_BY_TYPE[c.type.kind === 'domain' ? (c.type.base?.kind ?? 'unknown') : c.type.kind] ?? 'unknown';
        const prev = this.columnKinds.get(c.name);
        this.columnKinds.set(c.name, prev === undefined || prev === kind ? kind : 'unknown');
      }
    }
    for (const r of schema.routines) {
      if (r.kind !== 'aggregate') continue;
      const sep = concatIdiomSeparator(r, schema);
      if (sep !== null) this.aggregates.set(r.name, sep);
    }
  }

  /** MySQL name of a routine (routines share one name scope: PostgreSQL overloads collide on MySQL). */
  routineName(r: Routine): string {
    return this.routineNames.get(r) ?? fitMysqlName(r.name);
  }

  routine(schema: string | null, name: string): RoutineInfo | null {
    if (schema !== null && schema !== this.schema.name) return null;
    const matches = this.schema.routines.filter((r) => r.name === name && this.routineNames.has(r));
    if (matches.length !== 1) return null;
    const r = matches[0]!;
    const shape = routineShape(r);
    const returns = shape === 'function' ? (mapRoutineType(r.returns ?? '', this.schema)?.kind ?? 'unknown') : 'unknown';
    return { target: quoteMysqlQualified(this.db, this.routineName(r)), kind: shape === 'function' ? 'function' : 'procedure', returns };
  }

  /** Whether several routines share the name (MySQL has no overloading). */
  overloaded(name: string): boolean {
    return this.schema.routines.filter((r) => r.name === name && this.routineNames.has(r)).length > 1;
  }

  concatAggregate(name: string): string | null {
    return this.aggregates.get(name) ?? null;
  }

  /**
   * A relation named in a body. A converted table → its MySQL name; anything else (a
   * temporary table, a view) keeps the spelling the body used: dynamic SQL built from text
   * names it that way too, and MySQL table names are case-sensitive.
   */
  relation(schema: string | null, name: string, spelling = name): string {
    const ref = this.state.table(schema ?? this.schema.name, name);
    if (ref) return ref.db === this.db ? q(ref.target.name) : quoteMysqlQualified(ref.db, ref.target.name);
    if (schema === null || schema === this.schema.name) return q(fitMysqlName(spelling));
    return quoteMysqlQualified(this.state.db(schema), fitMysqlName(spelling));
  }

  column(name: string): string {
    return fitMysqlName(name);
  }

  columnKind(name: string): Kind {
    return this.columnKinds.get(name) ?? 'unknown';
  }

  /** The MySQL type of a table's column (its converted definition), for %TYPE and loop records. */
  columnType(table: string, column: string): { sql: string; kind: Kind; name: string } | null {
    const ref = this.state.table(this.schema.name, table);
    const target = ref?.columns.get(column);
    const col = target === undefined ? undefined : ref!.target.columns.find((c) => c.name === target);
    if (!col || target === undefined) return null;
    return { sql: mysqlTypeName(col.type), kind: KIND_BY_TYPE[col.type.kind] ?? 'unknown', name: target };
  }

  /** Whether a table's column is a tsvector (a FULLTEXT-indexed text column on MySQL). */
  isTsvectorColumn(table: string, column: string): boolean {
    const type = this.schema.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.type;
    return type !== undefined && !type.arrayDims && (type.kind === 'tsvector' || type.base?.kind === 'tsvector');
  }

  /** Tables of the schema that have a column of this name. */
  tablesWithColumn(column: string): string[] {
    return this.schema.tables.filter((t) => t.columns.some((c) => c.name === column)).map((t) => t.name);
  }

  mapType(text: string): { sql: string; kind: Kind } | null {
    // table.column%TYPE
    const m = /^([a-z_][\w$]*)\.([a-z_][\w$]*)\s*%\s*type$/i.exec(text.trim());
    if (m) return this.columnType(m[1]!.toLowerCase(), m[2]!.toLowerCase());
    return mapRoutineType(text, this.schema);
  }
}
