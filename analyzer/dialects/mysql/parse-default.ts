/**
 * MySQL/MariaDB COLUMN_DEFAULT → neutral ColumnDefault. The two servers write it differently:
 * MariaDB 10.2.7+ gives an SQL literal ('text' quoted, NULL as the text NULL, functions as
 * `current_timestamp()`); MySQL gives the bare value, SQL NULL for none, and marks
 * expression defaults with DEFAULT_GENERATED in EXTRA (8.0.13+).
 * https://mariadb.com/kb/en/information-schema-columns-table/
 * https://dev.mysql.com/doc/refman/8.0/en/information-schema-columns-table.html
 */
import type { ColumnDefault } from '../../model/schema.js';
import type { DataType } from '../../model/data-types.js';
import { isIntegerKind } from '../../model/data-types.js';
import { unescapeChar } from './parse-type.js';

/** What reading COLUMN_DEFAULT needs to know. */
export interface DefaultContext {
  /** MariaDB 10.2.7+: COLUMN_DEFAULT is an SQL literal. */
  literals: boolean;
  /** The EXTRA column, lower case. */
  extra: string;
  type: DataType;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Reads a quoted MySQL string literal body (`'it''s'` → it's); null when `text` is not one literal. */
export function parseStringLiteral(text: string): string | null {
  const quote = text[0];
  if ((quote !== "'" && quote !== '"') || text.length < 2) return null;
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      // \% and \_ keep their backslash (they matter only in LIKE patterns).
      out += next === '%' || next === '_' ? `\\${next}` : unescapeChar(next);
      i++;
    } else if (ch === quote) {
      if (text[i + 1] === quote) {
        out += quote;
        i++;
      } else return i === text.length - 1 ? out : null;
    } else out += ch;
  }
  return null;
}

/** Drops a charset introducer (`_utf8mb4'x'`, `_binary 'x'`) that MySQL 8 writes in expression defaults. */
const stripIntroducer = (text: string): string => text.replace(/^_[a-z0-9]+\s*(?=')/i, '');

/** CURRENT_TIMESTAMP and its synonyms, date and time functions, uuid(): their neutral kinds. */
function functionDefault(text: string): ColumnDefault | null {
  const t = text.trim().replace(/^\((.*)\)$/s, '$1').trim().toLowerCase();
  const ts = /^(current_timestamp|now|localtimestamp|localtime)(?:\s*\(\s*(\d*)\s*\))?$/.exec(t);
  if (ts) return ts[2] ? { kind: 'current_timestamp', precision: Number(ts[2]) } : { kind: 'current_timestamp' };
  if (/^(current_date|curdate)(\s*\(\s*\))?$/.test(t)) return { kind: 'current_date' };
  const tm = /^(current_time|curtime)(?:\s*\(\s*(\d*)\s*\))?$/.exec(t);
  if (tm) return tm[2] ? { kind: 'current_time', precision: Number(tm[2]) } : { kind: 'current_time' };
  if (/^(uuid|sys_guid)\s*\(\s*\)$/.test(t)) return { kind: 'uuid' };
  return null;
}

/** b'0101' / B'0101' and x'0A' / X'0A' / 0x0A literals. */
function bitOrBytes(text: string): ColumnDefault | null {
  const bit = /^b'([01]*)'$/i.exec(text);
  if (bit) return { kind: 'bit', bits: bit[1]! };
  const hex = /^x'([0-9a-f]*)'$/i.exec(text) ?? /^0x([0-9a-f]+)$/i.exec(text);
  if (hex) return { kind: 'bytes', hex: hex[1]!.toLowerCase() };
  return null;
}

const isNumericType = (t: DataType): boolean =>
  isIntegerKind(t.kind) || t.kind === 'decimal' || t.kind === 'float32' || t.kind === 'float64' || t.kind === 'year' || t.kind === 'bool';

/** A literal typed by its column: numbers for numeric columns, bits for BIT, text otherwise. */
function typedValue(value: string, type: DataType): ColumnDefault {
  if (isNumericType(type) && NUMBER.test(value.trim())) return { kind: 'number', value: value.trim() };
  return { kind: 'string', value };
}

function parseLiteralForm(raw: string, type: DataType): ColumnDefault {
  const text = raw.trim();
  if (/^null$/i.test(text)) return { kind: 'null' };
  const str = parseStringLiteral(stripIntroducer(text));
  if (str !== null) return typedValue(str, type);
  if (NUMBER.test(text)) return { kind: 'number', value: text };
  return bitOrBytes(text) ?? functionDefault(text) ?? { kind: 'expression', text };
}

function parseBareForm(raw: string, ctx: DefaultContext): ColumnDefault {
  if (ctx.extra.includes('default_generated')) {
    // MySQL 8 writes quotes inside expression defaults as \' (concat(_utf8mb4\'a\',…)).
    const unescaped = raw.trim().replace(/\\'/g, "'");
    const text = stripIntroducer(unescaped);
    return functionDefault(text) ?? bitOrBytes(text) ?? literalExpression(text, ctx.type) ?? { kind: 'expression', text: unescaped };
  }
  // MySQL 5.x writes CURRENT_TIMESTAMP bare, without DEFAULT_GENERATED.
  const fn = ['timestamp', 'timestamptz', 'date', 'time'].includes(ctx.type.kind) ? functionDefault(raw) : null;
  if (fn) return fn;
  if (ctx.type.kind === 'bit' || ctx.type.kind === 'binary' || ctx.type.kind === 'varbinary' || ctx.type.kind === 'blob') {
    const b = bitOrBytes(raw.trim());
    if (b) return b;
  }
  return typedValue(raw, ctx.type);
}

/** A parenthesised literal expression default such as `('x')` or `(0)`. */
function literalExpression(text: string, type: DataType): ColumnDefault | null {
  const inner = text.replace(/^\((.*)\)$/s, '$1').trim();
  const str = parseStringLiteral(stripIntroducer(inner));
  if (str !== null) return typedValue(str, type);
  return NUMBER.test(inner) ? { kind: 'number', value: inner } : null;
}

/** COLUMN_DEFAULT (null: the column has no default) → ColumnDefault, or null for none. */
export function parseMysqlDefault(raw: string | null, ctx: DefaultContext): ColumnDefault | null {
  if (raw === null) return null;
  return ctx.literals ? parseLiteralForm(raw, ctx.type) : parseBareForm(raw, ctx);
}
