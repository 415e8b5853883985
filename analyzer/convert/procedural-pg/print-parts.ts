/**
 * Pieces of the MySQL printer that need no printer state: the condition maps of handlers and
 * RAISE, TG_OP conditions known in a split trigger, a SELECT's output column names, and
 * RAISE → SIGNAL.
 */
import { quoteMysqlString } from '../../dialects/mysql/quote.js';
import type { RaiseStmt, Toks } from './ast.js';
import { splitTopLevel, topLevelIndex } from './parse-body.js';
import type { TriggerTarget } from './printer-env.js';
import { isOp, isWord } from './tokens.js';

/** PostgreSQL condition names → MySQL handler conditions (error numbers are the same on MySQL and MariaDB). */
export const HANDLER_CONDITIONS: Record<string, string> = {
  others: 'SQLEXCEPTION',
  unique_violation: '1062',
  foreign_key_violation: '1451, 1452',
  not_null_violation: '1048',
  too_many_rows: '1172',
  raise_exception: "SQLSTATE '45000'",
};

/** Condition names RAISE may give → SQLSTATE (PostgreSQL's codes; MySQL's SIGNAL takes any class but 00). */
const RAISE_CONDITIONS: Record<string, string> = {
  raise_exception: '45000',
  unique_violation: '23505',
  foreign_key_violation: '23503',
  not_null_violation: '23502',
  check_violation: '23514',
  no_data_found: 'P0002',
  too_many_rows: 'P0003',
  invalid_parameter_value: '22023',
  data_exception: '22000',
};


/** TG_OP = 'X' conditions are known in a split trigger: the dead branch (which may name OLD or NEW) is dropped. */
export function staticCondition(cond: Toks, t: TriggerTarget | undefined): boolean | null {
  if (!t) return null;
  const parts: boolean[] = [];
  const joins: string[] = [];
  let i = 0;
  while (i < cond.length) {
    const [a, op, lit] = [cond[i], cond[i + 1], cond[i + 2]];
    if (!isWord(a, 'tg_op') || !isOp(op, '=', '<>', '!=') || lit?.kind !== 'string') return null;
    const eq = lit.value.toUpperCase() === t.event.toUpperCase();
    parts.push(op!.value === '=' ? eq : !eq);
    i += 3;
    if (i < cond.length) {
      if (!isWord(cond[i], 'and', 'or')) return null;
      joins.push(cond[i]!.lower);
      i += 1;
    }
  }
  if (parts.length === 0) return null;
  if (joins.every((j) => j === 'or')) return parts.some(Boolean);
  if (joins.every((j) => j === 'and')) return parts.every(Boolean);
  return null;
}


/** Output column names of a SELECT's list: alias, or the column's own name; null for `*` or a nameless expression. */
export function selectColumns(query: Toks): { name: string; source: string | null }[] | null {
  if (!isWord(query[0], 'select')) return null;
  const from = topLevelIndex(query, (t) => isWord(t, 'from'));
  const list = query.slice(isWord(query[1], 'distinct') ? 2 : 1, from < 0 ? query.length : from);
  const items = splitTopLevel(list, ',');
  const out: { name: string; source: string | null }[] = [];
  for (const item of items) {
    const last = item[item.length - 1];
    const beforeLast = item[item.length - 2];
    if (!last || isOp(last, '*')) return null;
    const named = last.kind === 'word' || last.kind === 'ident';
    const name = last.kind === 'ident' ? last.value : last.lower;
    if (named && (item.length === 1 || isOp(beforeLast, '.'))) out.push({ name, source: name });
    else if (named && (isWord(beforeLast, 'as') || item.length >= 2)) out.push({ name, source: null });
    else return null;
  }
  return out;
}


/** What RAISE needs from the printer. */
export interface RaiseContext {
  inHandler: boolean;
  expr(toks: Toks): string;
  unsupported(construct: string): void;
  note(code: string, message: string): void;
  declareHidden(name: string, type: string, init: string | null): void;
}

/** RAISE → SIGNAL (EXCEPTION, WARNING) or nothing with a note (NOTICE and below); bare RAISE → RESIGNAL. */
export function raiseLines(r: RaiseStmt, c: RaiseContext): string[] {
  if (r.reraise) {
    if (!c.inHandler) c.unsupported('RAISE; outside an exception handler');
    return ['RESIGNAL;'];
  }
  let message: string | null = null;
  if (r.format !== null) {
    const pieces = r.format.split(/(%%|%)/);
    const parts: string[] = [];
    let arg = 0;
    let literal = '';
    for (const p of pieces) {
      if (p === '%%') literal += '%';
      else if (p === '%') {
        const a = r.args[arg++];
        if (!a) {
          c.unsupported('RAISE with fewer arguments than % in its format');
          break;
        }
        if (literal) parts.push(quoteMysqlString(literal));
        literal = '';
        // PostgreSQL prints a NULL argument as <NULL>.
        parts.push(`IFNULL(${c.expr(a)}, '<NULL>')`);
      } else literal += p;
    }
    if (literal) parts.push(quoteMysqlString(literal));
    message = parts.length === 1 && parts[0]!.startsWith("'") ? parts[0]! : `CONCAT(${parts.join(', ')})`;
  }
  const usingMessage = r.using.get('message');
  if (usingMessage) message = c.expr(usingMessage);
  for (const opt of r.using.keys()) {
    if (!['message', 'errcode', 'detail', 'hint'].includes(opt)) c.unsupported(`RAISE … USING ${opt.toUpperCase()}`);
  }
  if (r.using.has('detail') || r.using.has('hint')) c.note('pg_procedural_raise_detail', 'RAISE … USING DETAIL / HINT: MySQL\'s SIGNAL has no such items; they were left out');
  if (r.level !== 'exception' && r.level !== 'warning') {
    c.note('pg_procedural_raise_notice', `RAISE ${r.level.toUpperCase()} was left out: MySQL has no messages to the client from a routine`);
    return [];
  }
  let state = r.level === 'warning' ? '01000' : '45000';
  const errcode = r.using.get('errcode');
  const condition = r.condition ?? (errcode && errcode.length === 1 && errcode[0]!.kind === 'string' ? (/^[0-9A-Z]{5}$/.test(errcode[0]!.value) ? `sqlstate ${errcode[0]!.value}` : errcode[0]!.value.toLowerCase()) : null);
  if (errcode && !condition) c.unsupported('RAISE … USING ERRCODE = an expression');
  if (condition) {
    const m = /^sqlstate (.+)$/.exec(condition);
    const code = m ? m[1]! : RAISE_CONDITIONS[condition];
    if (!code || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('00')) c.unsupported(`RAISE ${condition}`);
    else state = code === 'P0001' ? '45000' : code;
  }
  if (message === null) message = quoteMysqlString(condition ?? 'P0001');
  const lines: string[] = [];
  if (!message.startsWith("'")) {
    // SIGNAL takes a literal or a variable only.
    c.declareHidden('scout_message', 'TEXT', null);
    lines.push(`SET \`scout_message\` = ${message};`);
    message = '`scout_message`';
  }
  lines.push(`SIGNAL SQLSTATE ${quoteMysqlString(state)} SET MESSAGE_TEXT = ${message};`);
  return lines;
}

