/**
 * Prints a parsed MySQL body as PL/pgSQL. The choices that keep MySQL's behaviour:
 * - CONTINUE HANDLER FOR NOT FOUND runs after each FETCH / SELECT … INTO that found nothing
 *   (an `IF NOT FOUND` check); EXIT handlers become the block's EXCEPTION clause.
 * - SELECT … INTO uses STRICT, so no row or several rows behave as on MySQL (a NOT FOUND
 *   condition leaves the variables unchanged; several rows are an error), except for
 *   single-row aggregates, which always return one row.
 * - A procedure's result sets (SELECT without INTO) are opened as refcursors returned in
 *   added INOUT parameters, as AWS SCT does.
 * - Conditions become booleans (MySQL takes numbers as truth values).
 * - PREPARE/EXECUTE becomes EXECUTE format(…) where dynamic-sql.ts finds it safe.
 */
import { fitIdentifier, quoteIdent, quoteLiteral } from '../../dialects/postgres/quote.js';
import type { Decl, Stmt } from './ast.js';
import { formatExecute } from './dynamic-sql.js';
import { wrapUngroupedColumns } from './group-by.js';
import { handlerCondition } from './handlers.js';
import { isTruthExpression, rewriteCondition } from './conditions.js';
import { rewriteTokens, userVariableSetting, type RewriteEnv } from './rewrite-sql.js';
import { signalStatement } from './signal.js';
import { DML, hasDml, singleRowAggregate, splitSelectInto, unsupportedDml } from './statement-facts.js';
import { createTemporaryTable } from './temp-tables.js';
import { topIndex } from './token-ranges.js';
import { isOp, isWord, type Tok } from './tokens.js';

/** What kind of program the body belongs to. */
export interface PrintTarget {
  kind: 'function' | 'procedure' | 'trigger';
  /** The target name (for the names of helper tables). */
  name: string;
  /** The function's PostgreSQL return type (RETURN values are converted to it like assignments). */
  returns: string | null;
}

interface HandlerScope {
  notFound: { action: 'continue' | 'exit'; body: Stmt } | null;
  conditions: Map<string, string>;
}

const ROW_COUNT_VAR = 'scout_row_count';
const NUMERIC = /^(smallint|integer|bigint|numeric|real|double precision)\b/;

/** The printer's result: the PL/pgSQL text of the body, the result-set parameters it needs. */
export class PlpgsqlPrinter {
  /** Refcursor parameters for result sets, in order. */
  readonly resultSets: string[] = [];
  private readonly handlers: HandlerScope[] = [];
  /** Temporary tables the body creates (lower case). */
  private readonly tempTables = new Set<string>();
  /** @user variables set once in the body → their value (null: set more than once). */
  private readonly userSql = new Map<string, Tok[] | null>();
  /** Prepared statement name → its conversion (null: not safe). */
  private readonly prepared = new Map<string, ReturnType<typeof formatExecute>>();

  constructor(
    private readonly env: RewriteEnv,
    private readonly target: PrintTarget,
  ) {}

  private pad = (depth: number): string => '  '.repeat(depth);
  private label = (l: string | null): string => (l === null ? '' : `<<${quoteIdent(l)}>> `);

  /**
   * The body as a top-level PL/pgSQL block: `prologue` statements run first (parameter
   * coercions), `tail` statements after it (a trigger's RETURN).
   */
  program(body: Stmt, prologue: string[] = [], tail: string[] = []): string {
    const block: Stmt = body.kind === 'block' ? body : { kind: 'block', label: null, decls: [], body: [body] };
    if (prologue.length === 0 && tail.length === 0 && !this.env.usesRowCount) return this.block(block, 0);
    const inner = this.block(block, 1);
    const declare = this.env.usesRowCount ? `DECLARE\n  ${quoteIdent(ROW_COUNT_VAR)} bigint := -1;\n` : '';
    const lines = (list: string[]): string => list.map((t) => `  ${t}\n`).join('');
    return `${declare}BEGIN\n${lines(prologue)}${inner}\n${lines(tail)}END;`;
  }

  private block(b: Extract<Stmt, { kind: 'block' }>, depth: number): string {
    const p = this.pad(depth);
    const scope: HandlerScope = { notFound: this.handlers.at(-1)?.notFound ?? null, conditions: new Map(this.handlers.at(-1)?.conditions ?? []) };
    const declares: string[] = [];
    const exceptions: string[] = [];
    for (const d of b.decls) this.declaration(d, depth, scope, declares, exceptions);
    this.handlers.push(scope);
    const body = b.body.map((s) => this.stmt(s, depth + 1)).filter((x) => x !== '').join('\n');
    this.handlers.pop();
    if (exceptions.length && b.body.some(hasDml)) {
      this.env.notes.push({ code: 'procedural_exit_handler_rollback', message: 'an EXIT handler became an EXCEPTION clause, which undoes the block\'s data changes before the handler runs (MySQL keeps them)' });
    }
    const decl = declares.length ? `${p}DECLARE\n${declares.map((d) => `${p}  ${d}`).join('\n')}\n` : '';
    const exc = exceptions.length ? `\n${p}EXCEPTION\n${exceptions.join('\n')}` : '';
    const head = b.label === null ? '' : `${p}<<${quoteIdent(b.label)}>>\n`;
    return `${head}${decl}${p}BEGIN\n${body || `${p}  NULL;`}${exc}\n${p}END${b.label === null ? '' : ` ${quoteIdent(b.label)}`};`;
  }

  private declaration(d: Decl, depth: number, scope: HandlerScope, declares: string[], exceptions: string[]): void {
    switch (d.kind) {
      case 'var': {
        const type = this.env.scope.mapType(d.type);
        for (const n of d.names) {
          this.env.vars.set(n, type);
          const dflt = d.default ? ` := ${this.value(d.default, type)}` : '';
          declares.push(`${quoteIdent(n)} ${type}${dflt};`);
        }
        return;
      }
      case 'cursor':
        declares.push(`${quoteIdent(d.name)} CURSOR FOR ${rewriteTokens(this.grouped(d.query), this.env)};`);
        return;
      case 'condition':
        scope.conditions.set(d.name, d.value);
        return;
      case 'handler': {
        if (d.action === 'undo') this.env.unsupported.add('UNDO handler');
        for (const c of d.conditions) {
          if (c === 'SQLWARNING') {
            this.env.notes.push({ code: 'procedural_warning_handler', message: 'a handler for SQLWARNING never fires on PostgreSQL (warnings are not conditions there)' });
            continue;
          }
          if (c === 'NOT FOUND' || handlerCondition(c, scope.conditions) === 'no_data_found') {
            scope.notFound = { action: d.action === 'exit' ? 'exit' : 'continue', body: d.body };
            if (d.action !== 'exit') continue;
          } else if (d.action !== 'exit') {
            this.env.unsupported.add(`CONTINUE handler for ${c}`);
            continue;
          }
          const pg = handlerCondition(c, scope.conditions);
          if (pg === null) this.env.unsupported.add(`handler for ${c}`);
          else exceptions.push(`${this.pad(depth)}  WHEN ${pg} THEN\n${this.stmt(d.body, depth + 2)}`);
        }
        return;
      }
    }
  }

  /**
   * A value assigned to something of `type`. MySQL booleans are the integers 0 and 1: a
   * number for a boolean becomes a truth value, a truth value for a number becomes 0 or 1.
   */
  private value(tokens: Tok[], type: string | null): string {
    if (type === 'boolean' && tokens.length === 1 && tokens[0]!.kind === 'number' && /^[01]$/.test(tokens[0]!.text)) return tokens[0]!.text === '1' ? 'TRUE' : 'FALSE';
    if (type === 'boolean') return rewriteCondition(tokens, this.env);
    if (type !== null && NUMERIC.test(type) && isTruthExpression(tokens, this.env)) {
      if (tokens.length === 1 && isWord(tokens[0], 'TRUE', 'FALSE')) return isWord(tokens[0], 'TRUE') ? '1' : '0';
      return `CAST((${rewriteCondition(tokens, this.env)}) AS integer)`;
    }
    return rewriteTokens(tokens, this.env);
  }

  private stmts(list: Stmt[], depth: number): string {
    return list.map((s) => this.stmt(s, depth)).filter((x) => x !== '').join('\n') || `${this.pad(depth)}NULL;`;
  }

  private stmt(s: Stmt, depth: number): string {
    const p = this.pad(depth);
    switch (s.kind) {
      case 'block':
        return this.block(s, depth);
      case 'if':
        return `${s.branches.map((b, n) => `${p}${n === 0 ? 'IF' : 'ELSIF'} ${rewriteCondition(b.cond, this.env)} THEN\n${this.stmts(b.body, depth + 1)}`).join('\n')}${s.otherwise ? `\n${p}ELSE\n${this.stmts(s.otherwise, depth + 1)}` : ''}\n${p}END IF;`;
      case 'case': {
        const head = s.subject ? `CASE ${rewriteTokens(s.subject, this.env)}` : 'CASE';
        const when = s.branches.map((b) => `${p}  WHEN ${s.subject ? rewriteTokens(b.cond, this.env) : rewriteCondition(b.cond, this.env)} THEN\n${this.stmts(b.body, depth + 2)}`);
        return `${p}${head}\n${when.join('\n')}${s.otherwise ? `\n${p}  ELSE\n${this.stmts(s.otherwise, depth + 2)}` : ''}\n${p}END CASE;`;
      }
      case 'while':
        return `${p}${this.label(s.label)}WHILE ${rewriteCondition(s.cond, this.env)} LOOP\n${this.stmts(s.body, depth + 1)}\n${p}END LOOP;`;
      case 'repeat':
        return `${p}${this.label(s.label)}LOOP\n${this.stmts(s.body, depth + 1)}\n${p}  EXIT WHEN ${rewriteCondition(s.until, this.env)};\n${p}END LOOP;`;
      case 'loop':
        return `${p}${this.label(s.label)}LOOP\n${this.stmts(s.body, depth + 1)}\n${p}END LOOP;`;
      case 'leave':
        return `${p}EXIT ${quoteIdent(s.label)};`;
      case 'iterate':
        return `${p}CONTINUE ${quoteIdent(s.label)};`;
      case 'set':
        return s.assigns.map((a) => p + this.assign(a.target, a.value)).join('\n');
      case 'return':
        if (this.target.kind !== 'function') this.env.unsupported.add('RETURN outside a function');
        return `${p}RETURN ${this.value(s.expr, this.target.returns)};`;
      case 'open':
        return `${p}OPEN ${quoteIdent(s.cursor)};`;
      case 'close':
        return `${p}CLOSE ${quoteIdent(s.cursor)};`;
      case 'fetch':
        return `${p}FETCH ${quoteIdent(s.cursor)} INTO ${s.into.map((x) => rewriteTokens(x, this.env)).join(', ')};${this.afterFetch(depth)}`;
      case 'signal':
        return p + signalStatement(s, this.handlers.at(-1)?.conditions ?? new Map(), this.env);
      case 'sql':
        return this.sql(s.tokens, depth);
    }
  }

  private assign(target: Tok[], value: Tok[]): string {
    const first = target[0]!;
    if (target.length === 1 && first.kind === 'uservar') {
      this.userSql.set(first.value, this.userSql.has(first.value) ? null : value);
      this.env.notes.push({ code: 'procedural_user_variable', message: `sets user variable @${first.value} as a session setting (text)` });
      return `PERFORM set_config(${quoteLiteral(userVariableSetting(first.value))}, CAST(${rewriteTokens(value, this.env)} AS text), false);`;
    }
    if (target.length === 3 && isWord(first, 'NEW') && isOp(target[1], '.') && this.env.triggerTable !== null) {
      const col = target[2]!.value;
      const isBool = this.env.scope.isBooleanColumn(this.env.triggerTable, col);
      return `NEW.${quoteIdent(this.env.scope.column(this.env.triggerTable, col))} := ${this.value(value, isBool ? 'boolean' : null)};`;
    }
    const type = target.length === 1 ? this.env.vars.get(first.value.toLowerCase()) : undefined;
    if (type === undefined) {
      this.env.unsupported.add(`SET of ${target.map((t) => t.text).join('')}`);
      return `-- SET ${target.map((t) => t.text).join('')}`;
    }
    return `${quoteIdent(first.value.toLowerCase())} := ${this.value(value, type)};`;
  }

  /** After FETCH or SELECT … INTO: the NOT FOUND handler in scope. */
  private afterFetch(depth: number): string {
    const h = this.handlers.at(-1)?.notFound;
    if (!h) return '';
    const p = this.pad(depth);
    if (h.action === 'exit') return `\n${p}IF NOT FOUND THEN\n${p}  RAISE no_data_found;\n${p}END IF;`;
    return `\n${p}IF NOT FOUND THEN\n${this.stmt(h.body, depth + 1)}\n${p}END IF;`;
  }

  private sql(tokens: Tok[], depth: number): string {
    const p = this.pad(depth);
    const first = tokens[0];
    const word = first?.kind === 'word' ? first.text.toUpperCase() : '';
    if (word === 'SELECT' || (isOp(first, '(') && isWord(tokens[1], 'SELECT'))) return this.select(tokens, depth);
    if (DML.includes(word)) return p + this.dml(tokens, word);
    if (word === 'CREATE' && isWord(tokens[1], 'TEMPORARY') && isWord(tokens[2], 'TABLE')) {
      const name = isWord(tokens[3], 'IF') ? tokens[6] : tokens[3];
      if (name) this.tempTables.add(name.value.toLowerCase());
    }
    if (word === 'CREATE' && isWord(tokens[1], 'TEMPORARY') && isWord(tokens[2], 'TABLE')) return createTemporaryTable(tokens, this.env).map((x) => `${p}${x};`).join('\n');
    if (word === 'DROP' && (isWord(tokens[1], 'TABLE') || (isWord(tokens[1], 'TEMPORARY') && isWord(tokens[2], 'TABLE')))) {
      return `${p}${rewriteTokens(tokens.filter((t, i) => !(i === 1 && isWord(t, 'TEMPORARY'))), this.env)};`;
    }
    if (word === 'CALL') {
      // An OUT argument must be a variable on PostgreSQL; a session setting cannot receive it.
      if (tokens.some((t) => t.kind === 'uservar')) this.env.unsupported.add('CALL with a @user variable argument');
      return `${p}${rewriteTokens(tokens, this.env)};`;
    }
    if (word === 'DO') return `${p}PERFORM ${rewriteTokens(tokens.slice(1), this.env)};`;
    if (['PREPARE', 'EXECUTE', 'DEALLOCATE'].includes(word) || (word === 'DROP' && isWord(tokens[1], 'PREPARE'))) return this.dynamic(tokens, word, depth);
    if (['START', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'BEGIN'].includes(word)) this.env.unsupported.add('transaction');
    else this.env.unsupported.add(`statement ${word || (first?.text ?? '')}`);
    return `${p}-- ${word} …`;
  }

  private dml(source: Tok[], word: string): string {
    let tokens = source;
    for (const construct of unsupportedDml(tokens, word)) this.env.unsupported.add(construct);
    if (word === 'INSERT') tokens = this.grouped(tokens);
    const diag = this.env.usesRowCount ? ` GET DIAGNOSTICS ${quoteIdent(ROW_COUNT_VAR)} = ROW_COUNT;` : '';
    return `${rewriteTokens(tokens, this.env)};${diag}`;
  }

  /** PREPARE … FROM, EXECUTE, DEALLOCATE: EXECUTE format(…) where dynamic-sql.ts finds it safe. */
  private dynamic(tokens: Tok[], word: string, depth: number): string {
    const name = (word === 'PREPARE' || word === 'EXECUTE' ? tokens[1] : tokens[2])?.value.toLowerCase() ?? '';
    if (word === 'DEALLOCATE' || word === 'DROP') return '';
    if (word === 'PREPARE') {
      const from = tokens.slice(3);
      const text = from.length === 1 && from[0]!.kind === 'uservar' ? this.userSql.get(from[0]!.value) : from;
      const f = text ? formatExecute(text, this.env) : null;
      if (f === null) this.env.unsupported.add('dynamic_sql');
      this.prepared.set(name, f);
      return '';
    }
    const f = this.prepared.get(name);
    if (!f || tokens.length > 2) {
      this.env.unsupported.add('dynamic_sql');
      return '';
    }
    this.env.notes.push({ code: 'procedural_dynamic_sql_format', message: 'PREPARE/EXECUTE became EXECUTE format(…): names as %I (lower case), values as %L' });
    const p = this.pad(depth);
    if (f.kind !== 'select') return `${p}EXECUTE ${f.sql};${this.env.usesRowCount ? ` GET DIAGNOSTICS ${quoteIdent(ROW_COUNT_VAR)} = ROW_COUNT;` : ''}`;
    if (this.target.kind !== 'procedure') this.env.unsupported.add('a result set outside a procedure');
    return `${p}OPEN ${quoteIdent(this.resultSetName())} FOR EXECUTE ${f.sql};`;
  }

  private resultSetName(): string {
    let name = `result_set_${this.resultSets.length + 1}`;
    while (this.env.vars.has(name)) name = `_${name}`;
    this.resultSets.push(name);
    return name;
  }

  /** The statement with ungrouped columns read as MySQL reads them (group-by.ts). */
  private grouped(tokens: Tok[]): Tok[] {
    const g = wrapUngroupedColumns(tokens);
    if (g.wrapped.length) {
      this.env.notes.push({ code: 'procedural_expression_changed', message: `columns neither grouped nor aggregated (${g.wrapped.join(', ')}) are read with (array_agg(x))[1]: one value of the group, as MySQL without ONLY_FULL_GROUP_BY gives` });
    }
    return g.tokens;
  }

  /**
   * A result set. A cursor reads lazily, after the procedure returns: one over a temporary
   * table the body drops later would fail, so such a result is copied first into a table
   * dropped at commit.
   */
  private resultSet(tokens: Tok[], depth: number): string {
    const p = this.pad(depth);
    const name = this.resultSetName();
    const query = rewriteTokens(tokens, this.env);
    if (!tokens.some((t) => (t.kind === 'word' || t.kind === 'ident') && this.tempTables.has(t.value.toLowerCase()))) return `${p}OPEN ${quoteIdent(name)} FOR ${query};`;
    const copy = quoteIdent(fitIdentifier(`${this.target.name}_${name}`));
    return `${p}DROP TABLE IF EXISTS ${copy};
${p}CREATE TEMPORARY TABLE ${copy} ON COMMIT DROP AS ${query};
${p}OPEN ${quoteIdent(name)} FOR SELECT * FROM ${copy};`;
  }

  private select(source: Tok[], depth: number): string {
    const tokens = this.grouped(source);
    const p = this.pad(depth);
    const start = topIndex(tokens, (t) => isWord(t, 'INTO'));
    if (start < 0) {
      if (this.target.kind !== 'procedure') {
        this.env.unsupported.add('a result set outside a procedure');
        return `${p}-- SELECT …`;
      }
      return this.resultSet(tokens, depth);
    }
    const { list: listTokens, targets, rest } = splitSelectInto(tokens, start);
    if (targets.some((t) => t[0]?.kind === 'uservar')) this.env.unsupported.add('SELECT … INTO a user variable');
    const list = rewriteTokens(listTokens, this.env);
    const strict = singleRowAggregate(tokens) ? '' : 'STRICT ';
    const text = `${list} INTO ${strict}${targets.map((t) => rewriteTokens(t, this.env)).join(', ')} ${rewriteTokens(rest, this.env)}`.trimEnd() + ';';
    const h = this.handlers.at(-1)?.notFound;
    if (strict === '' || h?.action === 'exit') return p + text;
    // No row on MySQL: a NOT FOUND condition, variables unchanged; STRICT raises, the handler (or nothing) runs.
    const onNotFound = h ? this.stmt(h.body, depth + 2) : `${p}    NULL;`;
    return `${p}BEGIN\n${p}  ${text}\n${p}EXCEPTION\n${p}  WHEN no_data_found THEN\n${onNotFound}\n${p}END;`;
  }
}
