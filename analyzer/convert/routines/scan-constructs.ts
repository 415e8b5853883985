/**
 * Finds the constructs a routine, trigger or event body uses, as stable lower-case names,
 * for the assessment and the effort estimate (ora2pg's per-keyword cost idea). Strings,
 * quoted names and comments are blanked first, so a keyword inside a literal is not counted.
 * The scan is lexical: it is an estimate of porting work, not a parse.
 */
import { quotedRunEnd } from '../../dialects/quoted-run.js';
import type { SourceDialect } from '../../model/schema.js';

/** One construct and the pattern that reveals it (case-insensitive, on blanked text). */
interface ConstructRule {
  name: string;
  pattern: RegExp;
}

const COMMON_RULES: ConstructRule[] = [
  { name: 'temporary_table', pattern: /\bcreate\s+(?:global\s+|local\s+)?temp(?:orary)?\s+table\b/i },
  { name: 'transaction', pattern: /\b(?:start\s+transaction|begin\s+work|commit|rollback|savepoint)\b/i },
  { name: 'get_diagnostics', pattern: /\bget\s+(?:current\s+|stacked\s+)?diagnostics\b/i },
  { name: 'loop', pattern: /\b(?:loop|while|repeat)\b/i },
  { name: 'ddl', pattern: /\b(?:create|alter|drop|truncate)\s+(?:table|index|view|sequence|function|procedure|trigger)\b/i },
];

const MYSQL_RULES: ConstructRule[] = [
  { name: 'cursor', pattern: /\bdeclare\s+\w+\s+cursor\b/i },
  { name: 'handler', pattern: /\bdeclare\s+(?:continue|exit|undo)\s+handler\b/i },
  { name: 'signal', pattern: /\b(?:signal|resignal)\b/i },
  { name: 'dynamic_sql', pattern: /\b(?:prepare|deallocate\s+prepare|execute)\b/i },
  { name: 'last_insert_id', pattern: /\blast_insert_id\s*\(/i },
  { name: 'row_count', pattern: /\brow_count\s*\(/i },
  { name: 'found_rows', pattern: /\bfound_rows\s*\(/i },
  { name: 'user_variable', pattern: /(?<![\w@])@[a-z_$][\w$]*/i },
  { name: 'select_into', pattern: /\bselect\b[^;]*?\binto\b/is },
  { name: 'call', pattern: /\bcall\s+[`\w]/i },
  { name: 'on_duplicate_key', pattern: /\bon\s+duplicate\s+key\s+update\b/i },
  { name: 'label', pattern: /(?:^|[\s;])[a-z_]\w*\s*:\s*(?:begin|loop|while|repeat)\b/i },
  { name: 'leave_iterate', pattern: /\b(?:leave|iterate)\s+\w+/i },
  { name: 'group_concat', pattern: /\bgroup_concat\s*\(/i },
  { name: 'sleep', pattern: /\bsleep\s*\(/i },
  { name: 'trigger_row', pattern: /\b(?:new|old)\s*\.\s*[`\w]/i },
];

const POSTGRES_RULES: ConstructRule[] = [
  { name: 'cursor', pattern: /\b(?:cursor\s+for|refcursor|open\s+\w+\s+for|fetch\s+(?:next\s+|prior\s+)?(?:from\s+)?\w+\s+into)\b/i },
  { name: 'exception_block', pattern: /\bexception\s+when\b/i },
  { name: 'raise', pattern: /\braise\s+(?:exception|notice|warning|info|log|debug|sqlstate|'|\w+\s*;)/i },
  { name: 'dynamic_sql', pattern: /\bexecute\s+(?!procedure\b|function\b)(?:format\s*\(|'|\w)/i },
  { name: 'return_query', pattern: /\breturn\s+query\b/i },
  { name: 'return_next', pattern: /\breturn\s+next\b/i },
  { name: 'perform', pattern: /\bperform\b/i },
  { name: 'returning', pattern: /\breturning\b/i },
  { name: 'found_variable', pattern: /\b(?:if|and|or)\s+(?:not\s+)?found\b/i },
  { name: 'trigger_row', pattern: /\b(?:new|old)\s*\.\s*["\w]/i },
  { name: 'trigger_variables', pattern: /\btg_(?:op|argv|nargs|table_name|when|level|relid|name)\b/i },
  { name: 'for_query_loop', pattern: /\bfor\s+\w+\s+in\s+(?:select|execute)\b/i },
  { name: 'array', pattern: /\b(?:array\s*\[|unnest\s*\(|array_agg\s*\()/i },
  { name: 'regex', pattern: /(?:~\*?|!~\*?)\s*'|\bregexp_\w+\s*\(/i },
  { name: 'interval_arithmetic', pattern: /\binterval\s+'/i },
];

/**
 * Replaces strings, quoted names and comments with spaces, keeping offsets and line breaks;
 * `keepBacktickNames` keeps MySQL's quoted names (for callers that look for names).
 * PostgreSQL dollar-quoted bodies are kept: they are the code itself.
 */
export function blankLiterals(text: string, dialect: SourceDialect, keepBacktickNames = false): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    let end = -1;
    if (c === '-' && next === '-') end = lineEnd(text, i);
    else if (c === '#' && dialect === 'mysql') end = lineEnd(text, i);
    else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? text.length : close + 2;
    } else if (c === "'" || c === '"' || c === '`') end = quotedRunEnd(text, i, dialect === 'mysql' && c !== '`');
    if (end < 0) {
      out += c;
      i++;
      continue;
    }
    if (c === '`' && keepBacktickNames) {
      out += text.slice(i, end);
      i = end;
      continue;
    }
    // A string keeps its quotes (`raise '…'` still shows a literal); its content is blanked.
    const span = end - i;
    out += c === "'" && span >= 2 ? `'${' '.repeat(span - 2)}'` : ' '.repeat(span);
    i = end;
  }
  return out;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** The constructs `text` uses, in rule order, each once. */
export function scanConstructs(text: string, dialect: SourceDialect): string[] {
  const code = blankLiterals(text, dialect);
  const rules = [...(dialect === 'mysql' ? MYSQL_RULES : POSTGRES_RULES), ...COMMON_RULES];
  return rules.filter((r) => r.pattern.test(code)).map((r) => r.name);
}
