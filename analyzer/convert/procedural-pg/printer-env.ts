/**
 * The printer's state and its TranslateEnv side: the variables in scope (parameters, block
 * declarations, FOR loop records), the hidden variables the printed body declares first
 * (FOUND flag, loop bounds, messages), the loop frames for EXIT/CONTINUE, and what the
 * expression translator asks of a routine (trigger rows and constants, relations, routines).
 */
import { quoteMysqlString } from '../../dialects/mysql/quote.js';
import type { Stmt, Toks } from './ast.js';
import { q, type Kind, type Note, type RoutineInfo, type TranslateEnv, type VarInfo } from './env.js';
import type { PgRoutineScope } from './scope.js';
import { isOp, isWord, type Tok } from './tokens.js';
import { TranslateError, translateExpression, translateStatement } from './translate-sql.js';

export interface TriggerTarget {
  event: 'insert' | 'update' | 'delete';
  timing: 'before' | 'after';
  table: string;
  name: string;
  args: string[];
}

export interface PrintTarget {
  /** result_set: a procedure returning the rows of RETURN QUERY / RETURN NEXT. */
  kind: 'function' | 'procedure' | 'result_set' | 'trigger';
  trigger?: TriggerTarget;
  /** The routine's own source name: MySQL refuses recursive functions (and procedures by default). */
  self?: string;
}

export interface Frame {
  /** The label as the source names it (null for the labels the printer makes). */
  source: string | null;
  /** The label printed (source labels get a prefix: OUTER, LOOP and others are reserved words on MySQL). */
  label: string;
  loop: boolean;
  /** Statements a CONTINUE of this loop runs before ITERATE (a FOR loop's step). */
  beforeIterate: string[];
}

export interface Scope {
  vars: Map<string, VarInfo>;
  records: Map<string, Map<string, VarInfo>>;
  cursors: Map<string, Toks>;
}

export const indent = (lines: string[]): string[] => lines.map((l) => `  ${l}`);

/** A source label as printed: prefixed (OUTER, LOOP … are reserved words on MySQL), letters, digits and _ only, 16 characters at most. */
export const labelName = (label: string): string => `l_${label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 14)}`;
export const text = (toks: Toks): string => toks.map((t) => (t.kind === 'string' ? `'${t.value}'` : t.value)).join(' ');

export abstract class PrinterEnv implements TranslateEnv {
  readonly unsupportedConstructs = new Set<string>();
  readonly notes: Note[] = [];
  protected readonly hidden = new Map<string, string>();
  protected readonly scopes: Scope[] = [];
  protected readonly frames: Frame[] = [];
  protected labels = 0;
  protected handlerDepth = 0;
  protected diagnosticsNeeded = false;
  protected resultSets = 0;
  protected topLabel: string | null = null;
  readonly usesFound: boolean;

  constructor(
    protected readonly scope: PgRoutineScope,
    protected readonly target: PrintTarget,
    params: VarInfo[],
    paramNames: (string | null)[],
    allTokens: Tok[],
  ) {
    const vars = new Map<string, VarInfo>();
    params.forEach((p, i) => {
      const n = paramNames[i];
      if (n) vars.set(n, p);
    });
    this.positional = params;
    this.scopes.push({ vars, records: new Map(), cursors: new Map() });
    this.usesFound = allTokens.some((t, i) => isWord(t, 'found') && !isOp(allTokens[i - 1], '.') && !isOp(allTokens[i + 1], '.')) || allTokens.some((t) => isWord(t, 'fetch'));
    if (this.usesFound) this.declareHidden('scout_found', 'BOOLEAN', 'FALSE');
  }

  protected readonly positional: VarInfo[];

  // ---- TranslateEnv ------------------------------------------------------------------

  variable(name: string): VarInfo | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]!.vars.get(name);
      if (v) return v;
    }
    return null;
  }

  param(n: number): VarInfo | null {
    return this.positional[n - 1] ?? null;
  }

  recordField(record: string, field: string): VarInfo | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const r = this.scopes[i]!.records.get(record);
      if (r) {
        const f = r.get(field);
        if (!f) this.unsupported(`field ${field} of record ${record}`);
        return f ?? null;
      }
    }
    return null;
  }

  triggerRow(which: 'new' | 'old', column: string): VarInfo | null {
    const t = this.target.trigger;
    if (!t) return null;
    if ((which === 'old' && t.event === 'insert') || (which === 'new' && t.event === 'delete')) {
      this.unsupported(`${which.toUpperCase()} in a ${t.event.toUpperCase()} trigger`);
      return null;
    }
    const col = this.scope.columnType(t.table, column);
    if (!col) {
      this.unsupported(`${which.toUpperCase()}.${column}: no such column of ${t.table}`);
      return null;
    }
    return { name: col.name, kind: col.kind, type: col.sql };
  }

  triggerConstant(name: string): string | null {
    const t = this.target.trigger;
    if (!t) return null;
    switch (name) {
      case 'tg_op':
        return quoteMysqlString(t.event.toUpperCase());
      case 'tg_table_name':
      case 'tg_relname':
        return quoteMysqlString(t.table);
      case 'tg_table_schema':
        return quoteMysqlString(this.scope.schema.name);
      case 'tg_name':
        return quoteMysqlString(t.name);
      case 'tg_when':
        return quoteMysqlString(t.timing.toUpperCase());
      case 'tg_level':
        return "'ROW'";
      case 'tg_nargs':
        return String(t.args.length);
    }
    return null;
  }

  relation(schema: string | null, name: string, spelling?: string): string {
    return this.scope.relation(schema, name, spelling);
  }

  column(name: string): string {
    return this.scope.column(name);
  }

  columnKind(name: string): Kind {
    return this.scope.columnKind(name);
  }

  routine(schema: string | null, name: string): RoutineInfo | null {
    if (name === this.target.self && (schema === null || schema === this.scope.schema.name)) {
      this.unsupported(`recursive call of ${name}() (MySQL refuses recursive stored functions; procedures only with max_sp_recursion_depth)`);
      return null;
    }
    if (this.scope.overloaded(name)) {
      this.unsupported(`call of overloaded function ${name}() (MySQL has no overloading)`);
      return null;
    }
    return this.scope.routine(schema, name);
  }

  concatAggregate(name: string): string | null {
    return this.scope.concatAggregate(name);
  }

  found(): string | null {
    return this.usesFound ? q('scout_found') : null;
  }

  handlerValue(name: 'sqlerrm' | 'sqlstate'): string | null {
    if (this.handlerDepth === 0) return null;
    this.diagnosticsNeeded = true;
    this.declareHidden('scout_sqlerrm', 'TEXT', null);
    this.declareHidden('scout_sqlstate', 'CHAR(5)', null);
    return q(name === 'sqlerrm' ? 'scout_sqlerrm' : 'scout_sqlstate');
  }

  mapType(t: string): { sql: string; kind: Kind } | null {
    return this.scope.mapType(t);
  }

  unsupported(construct: string): void {
    this.unsupportedConstructs.add(construct);
  }

  note(code: string, message: string): void {
    if (!this.notes.some((n) => n.code === code && n.message === message)) this.notes.push({ code, message });
  }

  // ---- helpers -----------------------------------------------------------------------

  protected declareHidden(name: string, type: string, init: string | null): void {
    if (!this.hidden.has(name)) this.hidden.set(name, `DECLARE ${q(name)} ${type}${init === null ? '' : ` DEFAULT ${init}`};`);
  }

  protected label(prefix: string): string {
    this.labels += 1;
    return `scout_${prefix}_${this.labels}`;
  }

  protected expr(toks: Toks, tsvectorTarget = false): string {
    try {
      return translateExpression(toks, this, tsvectorTarget).sql;
    } catch (err) {
      if (!(err instanceof TranslateError)) throw err;
      this.unsupported(`expression not understood: ${err.message}`);
      return 'NULL';
    }
  }

  /** Whether an assignment target is NEW.col of a tsvector column of the trigger's table (a FULLTEXT-indexed text column on MySQL). */
  protected storesTsvector(target: Toks): boolean {
    const t = this.target.trigger;
    const c = target[2];
    if (!t || target.length !== 3 || !isWord(target[0], 'new') || !isOp(target[1], '.') || (c?.kind !== 'word' && c?.kind !== 'ident')) return false;
    return this.scope.isTsvectorColumn(t.table, c.kind === 'ident' ? c.value : c.lower);
  }

  protected sql(toks: Toks): string {
    try {
      return translateStatement(toks, this);
    } catch (err) {
      if (!(err instanceof TranslateError)) throw err;
      this.unsupported(`statement not understood: ${err.message}`);
      return 'DO 0';
    }
  }


  /** The statements of a body, printed (the subclass prints statements). */
  protected abstract body(stmts: Stmt[], last?: boolean): string[];
}
