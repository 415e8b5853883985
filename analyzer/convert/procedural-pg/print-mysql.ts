/**
 * Prints a parsed PL/pgSQL body as a MySQL compound statement (BEGIN … END): declarations
 * in MySQL's order (variables, cursors, handlers), EXCEPTION WHEN as DECLARE EXIT HANDLER,
 * RAISE as SIGNAL, FOR loops as WHILE or cursor loops, FOUND as a flag kept by a NOT FOUND
 * handler, RETURN QUERY as the procedure's result set, trigger returns as the end of the
 * trigger. Every construct without a translation is recorded (the routine stays manual).
 * https://dev.mysql.com/doc/refman/8.0/en/sql-compound-statements.html
 */
import { quoteMysqlString } from '../../dialects/mysql/quote.js';
import { fitMysqlName } from '../postgres-to-mysql/names.js';
import type { Decl, Handler, Stmt, Toks } from './ast.js';
import { q, type VarInfo } from './env.js';
import { splitTopLevel, topLevelIndex } from './parse-body.js';
import { HANDLER_CONDITIONS, raiseLines, selectColumns, staticCondition } from './print-parts.js';
import { PrinterEnv, indent, labelName, text, type Scope } from './printer-env.js';
import { isOp, isWord } from './tokens.js';

export type { PrintTarget, TriggerTarget } from './printer-env.js';

export class MysqlPrinter extends PrinterEnv {
  protected body(stmts: Stmt[], last = false): string[] {
    const out: string[] = [];
    stmts.forEach((s, i) => out.push(...this.statement(s, last && i === stmts.length - 1)));
    return out.length ? out : ['BEGIN END;'];
  }

  // ---- program and blocks ------------------------------------------------------------

  /** The whole body as `[label:] BEGIN … END [label]` (no trailing `;`). */
  program(tree: Stmt): string {
    if (tree.k !== 'block') throw new Error('program expects a block');
    return this.block(tree, true).join('\n');
  }

  private block(b: Extract<Stmt, { k: 'block' }>, top: boolean): string[] {
    const scope: Scope = { vars: new Map(), records: new Map(), cursors: new Map() };
    this.scopes.push(scope);
    const printed = b.label ? labelName(b.label) : null;
    if (b.label) this.frames.push({ source: b.label, label: printed!, loop: false, beforeIterate: [] });
    const vars: string[] = [];
    const cursors: string[] = [];
    for (const d of b.decls) this.declaration(d, scope, vars, cursors);
    const handlers = (b.handlers ?? []).map((h) => this.handler(h, b.body));
    const body = this.body(b.body, top);
    if (b.label) this.frames.pop();
    this.scopes.pop();
    const label = printed ?? (top ? this.topLabel : null);
    const decls = top ? [...this.hidden.values(), ...vars, ...cursors] : [...vars, ...cursors];
    if (top && this.usesFound) handlers.unshift(['DECLARE CONTINUE HANDLER FOR NOT FOUND SET `scout_found` = FALSE;']);
    return [`${label ? `${label}: ` : ''}BEGIN`, ...indent([...decls, ...handlers.flat(), ...(b.body.length ? body : [])]), `END${label ? ` ${label}` : ''}`];
  }

  private declaration(d: Decl, scope: Scope, vars: string[], cursors: string[]): void {
    if (d.k === 'alias') {
      const p = d.of.length === 1 && d.of[0]!.kind === 'param' ? this.param(Number(d.of[0]!.value)) : null;
      if (p) scope.vars.set(d.name, p);
      else this.unsupported(`ALIAS FOR ${text(d.of)}`);
      return;
    }
    if (d.k === 'cursor') {
      if (d.args) this.unsupported('a cursor with arguments');
      scope.cursors.set(d.name, d.query);
      cursors.push(`DECLARE ${q(fitMysqlName(d.name))} CURSOR FOR ${this.sql(d.query)};`);
      return;
    }
    const typeText = text(d.type);
    if (/^record$/i.test(typeText)) {
      scope.records.set(d.name, new Map());
      return;
    }
    if (/%\s*rowtype$/i.test(typeText) || /^[a-z_][\w$]*$/i.test(typeText) && this.scope.state.table(this.scope.schema.name, typeText.toLowerCase())) {
      this.unsupported(`row-type variable ${d.name} (${typeText})`);
      return;
    }
    const mapped = this.scope.mapType(typeText.replace(/ \. /g, '.').replace(/ % /g, '%'));
    if (!mapped) this.unsupported(`variable ${d.name} of type ${typeText}`);
    const info: VarInfo = { name: fitMysqlName(d.name), kind: mapped?.kind ?? 'unknown', type: mapped?.sql ?? 'TEXT' };
    const init = d.init ? ` DEFAULT ${this.expr(d.init)}` : '';
    scope.vars.set(d.name, info);
    vars.push(`DECLARE ${q(info.name)} ${info.type}${init};`);
  }

  /** EXCEPTION WHEN … THEN → DECLARE EXIT HANDLER: it leaves the block, as PostgreSQL's exception block does. */
  private handler(h: Handler, protectedBody: Stmt[]): string[] {
    const conds: string[] = [];
    for (const c of h.conditions) {
      const m = /^sqlstate (.+)$/.exec(c);
      if (m) conds.push(m[1] === 'P0001' ? "SQLSTATE '45000'" : `SQLSTATE ${quoteMysqlString(m[1]!)}`);
      else if (HANDLER_CONDITIONS[c]) conds.push(HANDLER_CONDITIONS[c]!);
      else this.unsupported(`exception condition ${c}`);
    }
    if (protectedBody.some((s) => s.k === 'sql' && /^(insert|update|delete)$/.test(s.tokens[0]?.lower ?? ''))) {
      this.note('pg_procedural_exception_rollback', 'an EXCEPTION block became an EXIT HANDLER: PostgreSQL undoes the block\'s changes when the exception is caught, MySQL keeps them');
    }
    this.handlerDepth += 1;
    const before = this.diagnosticsNeeded;
    this.diagnosticsNeeded = false;
    const body = this.body(h.body);
    const diag = this.diagnosticsNeeded ? ['GET DIAGNOSTICS CONDITION 1 `scout_sqlerrm` = MESSAGE_TEXT, `scout_sqlstate` = RETURNED_SQLSTATE;'] : [];
    this.diagnosticsNeeded = before;
    this.handlerDepth -= 1;
    return [`DECLARE EXIT HANDLER FOR ${conds.join(', ') || 'SQLEXCEPTION'}`, 'BEGIN', ...indent([...diag, ...body]), 'END;'];
  }

  // ---- statements --------------------------------------------------------------------

  private statement(s: Stmt, last: boolean): string[] {
    switch (s.k) {
      case 'block': {
        const lines = this.block(s, false);
        lines[lines.length - 1] += ';';
        return lines;
      }
      case 'assign':
        return this.assign(s.target, s.expr);
      case 'if':
        return this.ifStmt(s, last);
      case 'case': {
        const out = [`CASE${s.subject ? ` ${this.expr(s.subject)}` : ''}`];
        for (const w of s.whens) out.push(...indent([`WHEN ${s.subject ? this.exprList(w.cond) : this.expr(w.cond)} THEN`, ...indent(this.body(w.body, last))]));
        if (s.otherwise) out.push(...indent(['ELSE', ...indent(this.body(s.otherwise, last))]));
        out.push('END CASE;');
        return out;
      }
      case 'loop':
        return this.loop(s.label, (label) => [`${label}: LOOP`, ...indent(this.body(s.body)), `END LOOP ${label};`]);
      case 'while':
        return this.loop(s.label, (label) => [`${label}: WHILE ${this.expr(s.cond)} DO`, ...indent(this.body(s.body)), `END WHILE ${label};`]);
      case 'for_range':
        return this.forRange(s);
      case 'for_query':
        return this.forQuery(s.label, s.variable, s.query, s.dynamic, s.using, s.body);
      case 'for_cursor': {
        const query = this.cursorQuery(s.cursor);
        if (!query) {
          this.unsupported(`FOR over cursor ${s.cursor}, not declared with a query`);
          return [];
        }
        return this.forQuery(s.label, s.variable, query, false, [], s.body);
      }
      case 'exit':
      case 'continue':
        return this.exitStmt(s.k, s.label, s.when);
      case 'return':
        return this.returnStmt(s.expr, last);
      case 'return_next':
        this.unsupported('RETURN NEXT outside a FOR loop that returns each row of its query (6604)');
        return [];
      case 'return_query':
        return this.resultSet(s.query, s.dynamic, s.using);
      case 'raise':
        return raiseLines(s, { inHandler: this.handlerDepth > 0, expr: (t) => this.expr(t), unsupported: (c) => this.unsupported(c), note: (code, m) => this.note(code, m), declareHidden: (n, ty, i) => this.declareHidden(n, ty, i) });
      case 'perform':
        return this.perform(s.query);
      case 'sql':
        return this.sqlStmt(s.tokens, s.into);
      case 'execute':
        if (s.into) this.unsupported('EXECUTE … INTO (dynamic SQL with a result)');
        if (s.using.length) this.unsupported('EXECUTE … USING (parameters of dynamic SQL)');
        return this.dynamic(s.expr);
      case 'get_diagnostics':
        return this.diagnostics(s.stacked, s.items);
      case 'open':
        if (s.query) {
          this.unsupported('OPEN … FOR a query (refcursor)');
          return [];
        }
        return [`OPEN ${q(fitMysqlName(s.cursor))};`];
      case 'fetch': {
        const targets = s.into.map((t) => this.expr(t));
        return [`SET ${[...targets.map((t) => `${t} = NULL`), '`scout_found` = TRUE'].join(', ')};`, `FETCH ${q(fitMysqlName(s.cursor))} INTO ${targets.join(', ')};`];
      }
      case 'close':
        return [`CLOSE ${q(fitMysqlName(s.cursor))};`];
      case 'null':
        return ['BEGIN END;'];
      case 'unsupported':
        this.unsupported(s.construct);
        return [];
    }
  }

  /** CASE x WHEN a, b: a list of values. */
  private exprList(toks: Toks): string {
    const parts = splitTopLevel(toks, ',');
    if (parts.length > 1) this.unsupported('CASE WHEN with a list of values');
    return this.expr(parts[0]!);
  }

  /** A loop's printed label: the source label with a prefix, or a made one. */
  private loopLabel(label: string | null, prefix: string): string {
    return label ? labelName(label) : this.label(prefix);
  }

  private loop(label: string | null, print: (label: string) => string[]): string[] {
    const l = this.loopLabel(label, 'loop');
    this.frames.push({ source: label, label: l, loop: true, beforeIterate: [] });
    const out = print(l);
    this.frames.pop();
    return out;
  }

  private assign(target: Toks, value: Toks): string[] {
    const t = this.target.trigger;
    if (t && isWord(target[0], 'new') && t.timing === 'after') {
      this.note('pg_procedural_trigger_after_new', 'an assignment to NEW in an AFTER trigger (PostgreSQL ignores it) was left out');
      return [];
    }
    if (target.length === 1 && isWord(target[0], 'found')) return [`SET \`scout_found\` = ${this.expr(value)};`];
    return [`SET ${this.expr(target)} = ${this.expr(value, this.storesTsvector(target))};`];
  }

  private ifStmt(s: Extract<Stmt, { k: 'if' }>, last: boolean): string[] {
    const branches: { cond: string; body: Stmt[] }[] = [];
    let otherwise = s.otherwise;
    for (const b of s.branches) {
      const known = staticCondition(b.cond, this.target.trigger);
      if (known === false) continue;
      if (known === true) {
        otherwise = b.body;
        break;
      }
      branches.push({ cond: this.expr(b.cond), body: b.body });
    }
    if (branches.length === 0) return otherwise ? this.body(otherwise, last).filter((l) => l !== 'BEGIN END;') : [];
    const out: string[] = [];
    branches.forEach((b, i) => out.push(`${i === 0 ? 'IF' : 'ELSEIF'} ${b.cond} THEN`, ...indent(this.body(b.body, last))));
    if (otherwise) out.push('ELSE', ...indent(this.body(otherwise, last)));
    out.push('END IF;');
    return out;
  }

  private forRange(s: Extract<Stmt, { k: 'for_range' }>): string[] {
    this.labels += 1;
    const n = this.labels;
    const label = s.label ? labelName(s.label) : `scout_for_${n}`;
    const name = this.variable(s.variable) ? `${fitMysqlName(s.variable)}_${n}` : fitMysqlName(s.variable);
    const v: VarInfo = { name, kind: 'number', type: 'BIGINT' };
    this.declareHidden(name, 'BIGINT', null);
    this.declareHidden(`scout_to_${n}`, 'BIGINT', null);
    const step = s.by ? this.expr(s.by) : '1';
    if (s.by) this.declareHidden(`scout_by_${n}`, 'BIGINT', null);
    const by = s.by ? q(`scout_by_${n}`) : '1';
    const out = [`SET ${q(name)} = ${this.expr(s.from)}, ${q(`scout_to_${n}`)} = ${this.expr(s.to)}${s.by ? `, ${by} = ${step}` : ''};`];
    const advance = `SET ${q(name)} = ${q(name)} ${s.reverse ? '-' : '+'} ${by};`;
    this.scopes.push({ vars: new Map([[s.variable, v]]), records: new Map(), cursors: new Map() });
    this.frames.push({ source: s.label, label, loop: true, beforeIterate: [advance] });
    const body = this.body(s.body);
    this.frames.pop();
    this.scopes.pop();
    out.push(`${label}: WHILE ${q(name)} ${s.reverse ? '>=' : '<='} ${q(`scout_to_${n}`)} DO`, ...indent([...body, advance]), `END WHILE ${label};`);
    return out;
  }

  private cursorQuery(name: string): Toks | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const c = this.scopes[i]!.cursors.get(name);
      if (c) return c;
    }
    return null;
  }

  /**
   * FOR rec IN query LOOP: a cursor over the query in a block of its own, a NOT FOUND handler
   * that ends the loop (and keeps FOUND), one variable per column of the record. The loop
   * whose body only returns each row becomes the procedure's result set.
   */
  private forQuery(label: string | null, variable: string, query: Toks, dynamic: boolean, using: Toks[], body: Stmt[]): string[] {
    if (this.target.kind === 'result_set' && body.length === 1 && body[0]!.k === 'return_next' && (body[0].expr === null || (body[0].expr.length === 1 && body[0].expr[0]!.lower === variable))) {
      return this.resultSet(query, dynamic, using);
    }
    if (dynamic) {
      this.unsupported('FOR over EXECUTE (a dynamic query) other than returning its rows');
      return [];
    }
    const columns = selectColumns(query);
    if (!columns) {
      this.unsupported('FOR over a query whose columns are not plain names (SELECT * or unnamed expressions)');
      return [];
    }
    this.labels += 1;
    const n = this.labels;
    const l = label ? labelName(label) : `scout_for_${n}`;
    const fields = new Map<string, VarInfo>();
    const decls: string[] = [];
    for (const c of columns) {
      const tables = c.source ? this.scope.tablesWithColumn(c.source) : [];
      const types = [...new Set(tables.map((t) => this.scope.columnType(t, c.source!)?.sql))];
      if (types.length !== 1 || !types[0]) {
        this.unsupported(`FOR loop record field ${c.name}: its type is not known`);
        continue;
      }
      const info: VarInfo = { name: fitMysqlName(`${variable}_${c.name}_${n}`), kind: this.scope.columnKind(c.source!), type: types[0] };
      fields.set(c.name, info);
      decls.push(`DECLARE ${q(info.name)} ${info.type};`);
    }
    const done = q(`scout_done_${n}`);
    const cursor = q(`scout_cursor_${n}`);
    const handlerSet = this.usesFound ? `${done} = TRUE, \`scout_found\` = FALSE` : `${done} = TRUE`;
    this.scopes.push({ vars: new Map(), records: new Map([[variable, fields]]), cursors: new Map() });
    this.frames.push({ source: label, label: l, loop: true, beforeIterate: [] });
    const inner = this.body(body);
    this.frames.pop();
    this.scopes.pop();
    const targets = [...fields.values()].map((f) => q(f.name)).join(', ');
    const lines = [
      'BEGIN',
      ...indent([
        `DECLARE ${done} BOOLEAN DEFAULT FALSE;`,
        ...(this.usesFound ? [`DECLARE \`scout_rows_${n}\` BIGINT DEFAULT 0;`] : []),
        ...decls,
        `DECLARE ${cursor} CURSOR FOR ${this.sql(query)};`,
        `DECLARE CONTINUE HANDLER FOR NOT FOUND SET ${handlerSet};`,
        `OPEN ${cursor};`,
        `${l}: LOOP`,
        ...indent([`SET ${done} = FALSE;`, `FETCH ${cursor} INTO ${targets};`, `IF ${done} THEN`, `  LEAVE ${l};`, 'END IF;', ...(this.usesFound ? [`SET \`scout_rows_${n}\` = \`scout_rows_${n}\` + 1;`] : []), ...inner]),
        `END LOOP ${l};`,
        `CLOSE ${cursor};`,
        ...(this.usesFound ? [`SET \`scout_found\` = \`scout_rows_${n}\` > 0;`] : []),
      ]),
      'END;',
    ];
    return lines;
  }

  private exitStmt(kind: 'exit' | 'continue', label: string | null, when: Toks | null): string[] {
    const frame = label ? [...this.frames].reverse().find((f) => f.source === label) : [...this.frames].reverse().find((f) => f.loop);
    if (!frame || (kind === 'continue' && !frame.loop)) {
      this.unsupported(`${kind.toUpperCase()} ${label ?? ''} outside a loop`.trim());
      return [];
    }
    const action = kind === 'exit' ? [`LEAVE ${frame.label};`] : [...frame.beforeIterate, `ITERATE ${frame.label};`];
    if (!when) return action;
    return [`IF ${this.expr(when)} THEN`, ...indent(action), 'END IF;'];
  }

  private leaveTop(): string[] {
    this.topLabel ??= 'scout_main';
    return [`LEAVE ${this.topLabel};`];
  }

  private returnStmt(expr: Toks | null, last: boolean): string[] {
    const t = this.target.trigger;
    if (this.target.kind === 'function') {
      if (!expr) {
        this.unsupported('RETURN without a value in a function');
        return [];
      }
      return [`RETURN ${this.expr(expr)};`];
    }
    if (t) {
      const what = expr && expr.length === 1 ? expr[0]!.lower : expr ? 'expr' : 'none';
      const proceeds = t.timing === 'after' || (what === 'new' && t.event !== 'delete') || (what === 'old' && (t.event === 'delete' || t.event === 'update'));
      if (t.timing === 'before' && what === 'old' && t.event === 'update') {
        this.unsupported('RETURN OLD in a BEFORE UPDATE trigger (keeps the old row)');
        return [];
      }
      if (!proceeds && what !== 'null' && !(what === 'new' && t.event === 'delete')) {
        this.unsupported(`RETURN ${expr ? text(expr) : ''} in a trigger (6651)`.trim());
        return [];
      }
      if (!proceeds) {
        this.note('pg_procedural_trigger_skip_row', `RETURN NULL in a BEFORE ${t.event.toUpperCase()} trigger skips the row on PostgreSQL; MySQL cannot skip it, so the trigger raises an error instead`);
        return [`SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = ${quoteMysqlString(`row skipped by trigger ${t.name}`)};`];
      }
      return last ? [] : this.leaveTop();
    }
    if (expr) {
      this.unsupported('RETURN with a value in a procedure');
      return [];
    }
    return last ? [] : this.leaveTop();
  }

  /** The rows a set-returning function returns: a SELECT (or a prepared dynamic statement) sent as the procedure's result set. */
  private resultSet(query: Toks, dynamic: boolean, using: Toks[]): string[] {
    if (this.target.kind !== 'result_set') {
      this.unsupported('RETURN QUERY outside a set-returning function');
      return [];
    }
    this.resultSets += 1;
    if (this.resultSets > 1) this.unsupported('more than one RETURN QUERY / RETURN NEXT loop (PostgreSQL returns one set of rows, MySQL would return several result sets)');
    if (this.frames.some((f) => f.loop)) this.unsupported('RETURN QUERY inside a loop');
    if (dynamic) {
      if (using.length) this.unsupported('RETURN QUERY EXECUTE … USING');
      return this.dynamic(query);
    }
    return [`${this.sql(query)};`];
  }

  private perform(query: Toks): string[] {
    const from = topLevelIndex(query, (t) => isWord(t, 'from'));
    const select: Toks = [{ kind: 'word', value: 'SELECT', lower: 'select' }, ...query];
    if (this.usesFound) return [`SET \`scout_found\` = EXISTS (${this.sql(select)});`];
    if (from < 0) return [`DO ${this.sql(query)};`];
    return [`DO (SELECT COUNT(*) FROM (${this.sql(select)}) AS \`scout_perform\`);`];
  }

  private sqlStmt(tokens: Toks, into: { targets: Toks[]; strict: boolean } | null): string[] {
    const first = tokens[0]?.lower ?? '';
    const routineKind = this.target.kind;
    if (into) {
      if (into.strict) this.unsupported('SELECT … INTO STRICT');
      if (first !== 'select' && first !== 'with') {
        this.unsupported(`${first.toUpperCase()} … RETURNING … INTO`);
        return [];
      }
      const targets = into.targets.map((t) => {
        if (t.length === 1 && this.scopes.some((s) => s.records.has(t[0]!.lower))) this.unsupported('SELECT … INTO a record variable');
        return this.expr(t);
      });
      // PostgreSQL keeps the first row where MySQL would fail on several: LIMIT 1 (before a FOR UPDATE / FOR SHARE).
      const limit: Toks = [{ kind: 'word', value: 'LIMIT', lower: 'limit' }, { kind: 'number', value: '1', lower: '1' }];
      const locking = topLevelIndex(tokens, (t) => isWord(t, 'for'));
      const limited = topLevelIndex(tokens, (t) => isWord(t, 'limit')) >= 0 || topLevelIndex(tokens, (t) => isWord(t, 'union', 'intersect', 'except')) >= 0 ? tokens : locking >= 0 ? [...tokens.slice(0, locking), ...limit, ...tokens.slice(locking)] : [...tokens, ...limit];
      if (targets.length === 1 && !this.usesFound) return [`SET ${targets[0]} = (${this.sql(limited)});`];
      const from = topLevelIndex(limited, (t) => isWord(t, 'from'));
      const head = this.sql(from < 0 ? limited : limited.slice(0, from));
      const tail = from < 0 ? '' : ` ${this.sql(limited.slice(from))}`;
      const resets = [...targets.map((t) => `${t} = NULL`), ...(this.usesFound ? ['`scout_found` = TRUE'] : [])];
      return [`SET ${resets.join(', ')};`, `${head} INTO ${targets.join(', ')}${tail};`];
    }
    if (first === 'select' || first === 'with' || first === 'values') {
      this.unsupported('a SELECT without INTO (PostgreSQL refuses it: use PERFORM)');
      return [];
    }
    if (first === 'call') {
      this.unsupported('CALL of a procedure');
      return [];
    }
    const temporary = isWord(tokens[1], 'temporary', 'temp');
    if (['create', 'drop', 'alter', 'truncate', 'grant', 'revoke', 'lock'].includes(first) && !temporary && routineKind !== 'procedure' && routineKind !== 'result_set') {
      this.unsupported(`${first.toUpperCase()} in a function or trigger (MySQL refuses statements that commit there)`);
    }
    if (['alter', 'grant', 'revoke', 'lock', 'copy', 'listen', 'notify', 'vacuum', 'analyze', 'refresh', 'set', 'reset', 'discard', 'comment'].includes(first)) {
      this.unsupported(`${first.toUpperCase()} statement`);
      return [];
    }
    const t = this.target.trigger;
    // The table a DML statement writes: UPDATE t, INSERT INTO t, DELETE FROM t (schema-qualified or not).
    const at = first === 'update' ? 1 : first === 'insert' || first === 'delete' ? 2 : -1;
    const written = at < 0 ? undefined : isOp(tokens[at + 1], '.') ? tokens[at + 2] : tokens[at];
    if (t && written && (written.kind === 'ident' ? written.value : written.lower) === t.table) {
      this.unsupported(`${first.toUpperCase()} on the trigger's own table ${t.table} (MySQL refuses it at run time, error 1442)`);
    }
    const out = [`${this.sql(tokens)};`];
    if (this.usesFound && first === 'update') {
      // FOUND counts the rows an UPDATE matched; MySQL's ROW_COUNT() only those it changed: the match is tested first.
      const set = topLevelIndex(tokens, (x) => isWord(x, 'set'));
      const where = topLevelIndex(tokens, (x) => isWord(x, 'where'));
      const probe: Toks = [{ kind: 'word', value: 'SELECT', lower: 'select' }, { kind: 'number', value: '1', lower: '1' }, { kind: 'word', value: 'FROM', lower: 'from' }, ...tokens.slice(1, set), ...(where >= 0 ? tokens.slice(where) : [])];
      if (set < 0 || topLevelIndex(tokens, (x) => isWord(x, 'from')) >= 0) this.unsupported('FOUND after UPDATE … FROM');
      else out.unshift(`SET \`scout_found\` = EXISTS (${this.sql(probe)});`);
    } else if (this.usesFound && ['insert', 'delete'].includes(first)) out.push('SET `scout_found` = ROW_COUNT() > 0;');
    return out;
  }

  /** EXECUTE text → PREPARE / EXECUTE / DEALLOCATE through a session variable (MySQL's PREPARE takes no local variable). */
  private dynamic(expr: Toks): string[] {
    if (this.target.kind === 'function' || this.target.kind === 'trigger') {
      this.unsupported('dynamic SQL in a function or trigger (MySQL allows it in procedures only)');
      return [];
    }
    this.note('pg_procedural_dynamic_sql', 'dynamic SQL runs its statement text as built at run time: the text is PostgreSQL SQL, check that MySQL accepts it');
    return [`SET @scout_sql = ${this.expr(expr)};`, 'PREPARE scout_stmt FROM @scout_sql;', 'EXECUTE scout_stmt;', 'DEALLOCATE PREPARE scout_stmt;'];
  }

  private diagnostics(stacked: boolean, items: { target: Toks; item: string }[]): string[] {
    const out: string[] = [];
    for (const it of items) {
      const target = this.expr(it.target);
      if (!stacked && it.item === 'row_count') {
        out.push(`SET ${target} = ROW_COUNT();`);
        this.note('pg_procedural_row_count', 'GET DIAGNOSTICS … ROW_COUNT became ROW_COUNT(), which is -1 after a SELECT and counts only the rows an UPDATE changed (PostgreSQL counts the rows it matched)');
      } else if (stacked && (it.item === 'message_text' || it.item === 'returned_sqlstate')) {
        this.diagnosticsNeeded = true;
        this.declareHidden('scout_sqlerrm', 'TEXT', null);
        this.declareHidden('scout_sqlstate', 'CHAR(5)', null);
        out.push(`SET ${target} = ${q(it.item === 'message_text' ? 'scout_sqlerrm' : 'scout_sqlstate')};`);
      } else this.unsupported(`GET ${stacked ? 'STACKED ' : ''}DIAGNOSTICS ${it.item.toUpperCase()}`);
    }
    return out;
  }
}
