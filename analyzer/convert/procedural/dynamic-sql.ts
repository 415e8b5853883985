/**
 * PREPARE / EXECUTE → EXECUTE format(…), only where that is safe: the statement text is a
 * string literal, or CONCAT of string literals and local variables, set once. Each variable
 * must sit where an identifier goes (after FROM, JOIN, INTO, UPDATE, TABLE: `%I`, folded to
 * lower case as the converted names are) or where a value goes (after a comparison, a comma
 * or an opening parenthesis: `%L`). The literal SQL is translated like any other statement.
 * Anything else (EXECUTE … USING, a text built elsewhere) stays unsupported.
 */
import { quoteIdent, quoteLiteral } from '../../dialects/postgres/quote.js';
import { rewriteTokens, type RewriteEnv } from './rewrite-sql.js';
import { splitCommas } from './token-ranges.js';
import { isOp, isWord, tokenizeBody, type Tok } from './tokens.js';

const IDENTIFIER_BEFORE = /\b(FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\s+$/i;
const VALUE_BEFORE = /(=|<>|!=|<=|>=|<|>|,|\(|\bLIKE|\bVALUES\s*\()\s*$/i;
const PLACEHOLDER = 'scout_format_arg_';

/** The pieces of a statement text: literals and local variables, or null when it is built another way. */
function pieces(tokens: readonly Tok[], env: RewriteEnv): Tok[] | null {
  if (tokens.length === 1 && tokens[0]!.kind === 'string') return [tokens[0]!];
  if (!(isWord(tokens[0], 'CONCAT') && isOp(tokens[1], '(') && isOp(tokens.at(-1), ')'))) return null;
  const args = splitCommas(tokens.slice(2, -1));
  if (!args.every((a) => a.length === 1 && (a[0]!.kind === 'string' || ((a[0]!.kind === 'word' || a[0]!.kind === 'ident') && env.vars.has(a[0]!.value.toLowerCase()))))) return null;
  return args.map((a) => a[0]!);
}

/**
 * `{ kind, sql }`: the PL/pgSQL statement running the prepared text (`kind` select: a result
 * set, to be opened as a cursor), or null when the conversion would not be safe.
 */
export function formatExecute(text: readonly Tok[], env: RewriteEnv): { kind: 'select' | 'other'; sql: string } | null {
  const parts = pieces(text, env);
  if (parts === null) return null;
  let sqlText = '';
  const args: string[] = [];
  for (const p of parts) {
    if (p.kind === 'string') {
      sqlText += p.value;
      continue;
    }
    const name = quoteIdent(p.value.toLowerCase());
    if (IDENTIFIER_BEFORE.test(sqlText)) args.push(`%I:lower(${name})`);
    else if (VALUE_BEFORE.test(sqlText)) args.push(`%L:${name}`);
    else return null;
    sqlText += ` ${PLACEHOLDER}${args.length} `;
  }
  const tokens = tokenizeBody(sqlText);
  if (typeof tokens === 'string' || tokens.some((t) => t.kind === 'uservar' || isOp(t, ';'))) return null;
  // Only the statements the printer also translates statically.
  if (!isWord(tokens[0], 'SELECT', 'INSERT', 'UPDATE', 'DELETE')) return null;
  if (tokens.some((t) => isWord(t, 'INTO')) && isWord(tokens[0], 'SELECT')) return null;
  let template = rewriteTokens(tokens, env).replaceAll('%', '%%');
  const values: string[] = [];
  args.forEach((a, i) => {
    const [spec, value] = [a.slice(0, 2), a.slice(3)];
    template = template.replace(new RegExp(`\\b${PLACEHOLDER}${i + 1}\\b`), spec);
    values.push(value);
  });
  if (template.includes(PLACEHOLDER)) return null;
  const sql = values.length ? `format(${quoteLiteral(template)}, ${values.join(', ')})` : quoteLiteral(template);
  return { kind: isWord(tokens[0], 'SELECT') ? 'select' : 'other', sql };
}
