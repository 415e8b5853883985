/**
 * Token-level fixes applied to a view's text before node-sql-parser reads it, for forms
 * the catalog prints that the parser's grammars get wrong:
 * - PostgreSQL's pg_get_viewdef prints LIKE as `~~` (`!~~`, `~~*`, `!~~*`), which the
 *   PostgreSQL grammar misreads as two `~` operators;
 * - an alias named `at`, which the grammar reads as AT TIME ZONE;
 * - pg_get_viewdef's `OFFSET n LIMIT m`, which the grammar misreads;
 * - MariaDB's `CAST(x AS char charset utf8mb4)`, which the grammar rejects;
 * - MySQL prints charset introducers (`_utf8mb4'x'`), which the grammar rejects; an
 *   introducer only names the literal's charset, which the target's column types decide;
 * - an aggregate argument that starts with a parenthesis after DISTINCT or before ORDER BY
 *   (`f(DISTINCT (a || b) || c)`, `f((x)::text ORDER BY y)`), which the PostgreSQL grammar
 *   misreads as a function named DISTINCT or rejects: the argument is parenthesized whole.
 * Strings, quoted identifiers and comments are skipped, so their content is never touched.
 */
import { quotedRunEnd } from '../../dialects/quoted-run.js';
import type { SourceDialect } from '../../model/schema.js';

const PG_LIKE_OPERATORS: [string, string][] = [
  ['!~~*', ' NOT ILIKE '],
  ['~~*', ' ILIKE '],
  ['!~~', ' NOT LIKE '],
  ['~~', ' LIKE '],
];

/**
 * `at` as a table alias (pg_get_viewdef prints it bare, PostgreSQL does not reserve it),
 * which node-sql-parser reads as the start of AT TIME ZONE: quoted when a qualifier or a
 * FROM alias follows.
 */
const AT_AS_NAME = /^at(?=\s*\.|\s+(?:on|join|left|right|full|inner|cross|where|group|order|limit)\b|\s*[,)]|\s*$)/i;

/** Length of the quoted run starting at `i` (its quote char repeated twice is an escape; MySQL also escapes with a backslash). */
const quotedLength = (sql: string, i: number, backslash: boolean): number => quotedRunEnd(sql, i, backslash) - i;

/** The text for the parser and the quoted runs it holds in place of originals. */
export interface PreprocessedView {
  text: string;
  /** Placeholder → the original content: a name (quotes undone) or a string literal's raw text. */
  placeholders: Map<string, string>;
}

/**
 * Shape mode: names become placeholders named with `nonce` (MySQL: every backtick-quoted
 * name; PostgreSQL: bare names holding a digit, see shapeWord), so views that differ only in
 * those names give the same text, which parse-view.ts parses once.
 */
export interface ShapeOptions {
  /** Fixed for the process, so equal shapes give equal placeholders. */
  nonce: string;
}

const BARE_WORD = /[a-z_][a-z0-9_$]*/y;

/**
 * Shape mode on PostgreSQL, where pg_get_viewdef prints names bare: the word at `i` when it
 * holds a digit (`t_00010`, `sales_2024`: keywords never do) and is not a function name (a
 * `(` follows) or a type (after `::`); null otherwise.
 */
function shapeWord(sql: string, i: number, before: string): string | null {
  BARE_WORD.lastIndex = i;
  const word = BARE_WORD.exec(sql)?.[0];
  if (!word || !/\d/.test(word) || /[\w$]/.test(sql[i + word.length] ?? ' ')) return null;
  if (/^\s*\(/.test(sql.slice(i + word.length, i + word.length + 16)) || /::\s*$/.test(before.slice(-8))) return null;
  return word;
}

/**
 * Rewrites the forms above and drops a trailing `;`. Quoted names holding their own quote
 * character (`a""b`, `` c``d ``) and PostgreSQL strings holding a backslash are replaced by
 * placeholders: node-sql-parser splits the first and reads backslash escapes in the second,
 * which standard PostgreSQL strings do not have. parse-view.ts puts the originals back.
 */
export function preprocessViewSql(dialect: SourceDialect, sql: string, shape?: ShapeOptions): PreprocessedView {
  const placeholders = new Map<string, string>();
  const nonce = shape?.nonce ?? Math.random().toString(36).slice(2, 10);
  const protect = (quoted: string): string => {
    const q = quoted[0]!;
    const body = quoted.slice(1, -1);
    const needs = q === "'" ? dialect === 'postgres' && body.includes('\\') : (shape !== undefined && q === '`') || body.includes(q + q);
    if (!needs) return quoted;
    const key = `scout_${nonce}_${placeholders.size}`;
    placeholders.set(key, q === "'" ? body : body.replaceAll(q + q, q));
    return `${q}${key}${q}`;
  };
  let out = '';
  let i = 0;
  const backslash = dialect === 'mysql';
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const len = quotedLength(sql, i, backslash && c !== '`');
      out += protect(sql.slice(i, i + len));
      i += len;
      if (dialect === 'postgres' && c === "'") i += literalTextCastLength(sql, i);
      continue;
    }
    // MySQL needs whitespace after `--` for a comment (`a--1` is arithmetic); PostgreSQL does not.
    if (c === '-' && sql[i + 1] === '-' && (dialect === 'postgres' || /\s/.test(sql[i + 2] ?? ' '))) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += ' ';
      continue;
    }
    if (shape && dialect === 'postgres' && c >= 'a' && c <= 'z' && !/[\w$]/.test(sql[i - 1] ?? ' ')) {
      const word = shapeWord(sql, i, out);
      if (word) {
        const key = `scout_${nonce}_${placeholders.size}`;
        placeholders.set(key, word);
        out += key;
        i += word.length;
        continue;
      }
    }
    if (dialect === 'postgres' && (c === '~' || c === '!')) {
      const op = PG_LIKE_OPERATORS.find(([o]) => sql.startsWith(o, i));
      if (op) {
        out += op[1];
        i += op[0].length;
        continue;
      }
    }
    if (dialect === 'postgres' && (c === 'a' || c === 'A') && !/[\w$."]/.test(sql[i - 1] ?? ' ')) {
      const m = AT_AS_NAME.exec(sql.slice(i, i + 24));
      if (m) {
        out += '"at"';
        i += 2;
        continue;
      }
    }
    if (dialect === 'mysql' && (c === 'c' || c === 'C') && !/[\w$]/.test(sql[i - 1] ?? ' ') && /\bchar(?:\s*\(\s*\d+\s*\))?\s*$/i.test(out)) {
      // MariaDB prints CAST(x AS char charset utf8mb4): the charset is the column's business on the target.
      const m = /^charset\s+\w+/i.exec(sql.slice(i, i + 80));
      if (m) {
        i += m[0].length;
        continue;
      }
    }
    if (dialect === 'postgres' && (c === 'o' || c === 'O') && !/[\w$."]/.test(sql[i - 1] ?? ' ')) {
      // pg_get_viewdef prints OFFSET before LIMIT, which the grammar misreads: both engines take LIMIT … OFFSET ….
      const m = /^offset\s+(\d+)\s+limit\s+(\d+)\b/i.exec(sql.slice(i, i + 60));
      if (m) {
        out += `LIMIT ${m[2]} OFFSET ${m[1]}`;
        i += m[0].length;
        continue;
      }
    }
    if (dialect === 'mysql' && c === '_' && !/[\w$]/.test(sql[i - 1] ?? ' ')) {
      const m = /^_[a-z0-9]+(?=')/i.exec(sql.slice(i, i + 40));
      if (m) {
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  const text = out.trim().replace(/;\s*$/, '');
  return { text: dialect === 'mysql' ? unwrapLeadingJoinGroups(text) : parenthesizeAggregateArguments(text), placeholders };
}

/**
 * pg_get_viewdef prints an aggregate's argument without outer parentheses
 * (`group_concat(DISTINCT (c.name || ': '::text) || x)`, `string_agg((t.a)::text, ',' ORDER BY t.b)`);
 * the PostgreSQL grammar reads `DISTINCT (…)` as a call of a function DISTINCT and rejects a
 * parenthesis-led argument before ORDER BY. In a call whose arguments start with DISTINCT
 * or end with ORDER BY (aggregate-only syntax), each argument that starts with `(` is wrapped
 * in one more pair: the same expression. Runs on the text after the main pass.
 */
function parenthesizeAggregateArguments(sql: string): string {
  if (!/\(\s*distinct\b|\border\s+by\b/i.test(sql)) return sql;
  // Text to insert before each index: closing parentheses first, then opening ones.
  const closes = new Map<number, string>();
  const opens = new Map<number, string>();
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      i += quotedLength(sql, i, false) - 1;
      continue;
    }
    // A call: `name(` or `"name"(`, as pg_get_viewdef prints it (OVER (…), WITHIN GROUP (…) have a space).
    if (c !== '(' || !/[\w$"]/.test(sql[i - 1] ?? ' ')) continue;
    const parts = topLevelArguments(sql, i);
    if (!parts) continue;
    for (const [start, end] of parts.args) {
      if (sql[start] !== '(') continue;
      opens.set(start, `${opens.get(start) ?? ''}(`);
      closes.set(end, `${closes.get(end) ?? ''})`);
    }
  }
  if (opens.size === 0) return sql;
  let out = '';
  for (let i = 0; i <= sql.length; i++) out += (closes.get(i) ?? '') + (opens.get(i) ?? '') + (sql[i] ?? '');
  return out;
}

/**
 * The arguments of the call whose `(` is at `open`, as [start, end) ranges without the
 * surrounding blanks (after DISTINCT, before ORDER BY), when the call starts with DISTINCT or
 * has a top-level ORDER BY; null for any other call, a subquery, or unbalanced text.
 */
function topLevelArguments(sql: string, open: number): { args: [number, number][] } | null {
  // ARRAY(SELECT …), EXISTS(SELECT …): a subquery's select list is not an argument list.
  if (/^\(\s*(?:select|with|values)\b/i.test(sql.slice(open, open + 16))) return null;
  const distinct = /^\(\s*distinct\s+/i.exec(sql.slice(open, open + 16));
  let start = open + (distinct ? distinct[0].length : 1);
  const args: [number, number][] = [];
  let depth = 0;
  let ordered = false;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(sql[s]!)) s++;
    while (e > s && /\s/.test(sql[e - 1]!)) e--;
    if (e > s) args.push([s, e]);
  };
  for (let i = open + 1; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      i += quotedLength(sql, i, false) - 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) {
      if (!ordered) push(i);
      return distinct || ordered ? { args } : null;
    } else if (depth === 0 && !ordered && c === ',') {
      push(i);
      start = i + 1;
    } else if (depth === 0 && !ordered && (c === 'o' || c === 'O') && !/[\w$]/.test(sql[i - 1] ?? ' ') && /^order\s+by\b/i.test(sql.slice(i, i + 12))) {
      push(i);
      ordered = true;
    }
  }
  return null;
}

/**
 * pg_get_viewdef casts string literals to text (`'a%'::text`), which the grammar rejects
 * after LIKE; the cast changes nothing for a MySQL target, where literals are strings.
 * Returns how many characters of such a cast follow a literal (0 when none).
 */
function literalTextCastLength(sql: string, i: number): number {
  const m = /^::(?:text|character varying)(?![\w(\[])/.exec(sql.slice(i, i + 24));
  return m ? m[0].length : 0;
}

/**
 * MySQL prints every join left-nested in parentheses (`from ((a join b on …) join c on …)`),
 * which node-sql-parser's grammar rejects. A parenthesized group that starts a FROM clause
 * is the left operand of every join after it, and joins associate to the left, so dropping
 * those parentheses keeps the meaning; groups further right (`a join (b join c)`) are kept.
 * Runs on the text after the pass above, whose strings and quoted names are intact.
 */
function unwrapLeadingJoinGroups(sql: string): string {
  // Fast path: without an opening parenthesis there is no group to unwrap.
  if (!sql.includes('(')) return sql;
  const chars = [...sql];
  // Quoted runs are measured on the text as it came: only parentheses outside them are
  // blanked below, which changes no quoted run's length, so the text is joined once.
  const text = chars.join('');
  const fromKeyword = /\bfrom\s*$/i;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i += quotedLength(text, i, c !== '`') - 1;
      continue;
    }
    if (c !== '(' || !fromKeyword.test(chars.slice(Math.max(0, i - 12), i).join(''))) continue;
    // Remove the chain of '(' right after FROM that open join groups, not derived tables.
    let j = i;
    while (chars[j] === '(' && !/^\(\s*(select|with)\b/i.test(chars.slice(j, j + 12).join(''))) {
      const close = matchingParen(chars, text, j);
      if (close < 0) break;
      chars[j] = ' ';
      chars[close] = ' ';
      j++;
      while (chars[j] === ' ') j++;
    }
  }
  return chars.join('');
}

/** Index of the ')' closing the '(' at `open`, skipping quoted runs (measured on `text`, the unmodified join of `chars`); -1 when unbalanced. */
function matchingParen(chars: string[], text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i += quotedLength(text, i, c !== '`') - 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
