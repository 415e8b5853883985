/**
 * Column defaults, PostgreSQL → MySQL, once the column's MySQL type is known: literals keep
 * their value (array literals become JSON arrays, time-zoned timestamps become UTC), the
 * current-time functions fit the column's type, expressions are translated or dropped.
 * Never emits a default MySQL would refuse: what cannot be kept is dropped with a note.
 */
import type { DataType } from '../../model/data-types.js';
import { isIntegerKind } from '../../model/data-types.js';
import type { ColumnDefault } from '../../model/schema.js';
import { translatePgExpression } from './translate-expression.js';

export interface MappedDefault {
  value: ColumnDefault | null;
  /** Set when the default changed form or was dropped: the code and what happened. */
  note?: { code: 'pg_default_dropped' | 'pg_default_translated'; message: string };
}

/** A one-dimensional PostgreSQL array literal (`{a,"b c",NULL}`) → its elements; null when nested or malformed. */
export function parsePgArrayLiteral(text: string): (string | null)[] | null {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return null;
  const body = s.slice(1, -1);
  if (body.trim() === '') return [];
  const out: (string | null)[] = [];
  let i = 0;
  while (i <= body.length) {
    while (body[i] === ' ') i += 1;
    if (body[i] === '{') return null;
    if (body[i] === '"') {
      let v = '';
      i += 1;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i += 1;
        v += body[i] ?? '';
        i += 1;
      }
      if (body[i] !== '"') return null;
      i += 1;
      out.push(v);
    } else {
      const end = body.indexOf(',', i);
      const raw = (end < 0 ? body.slice(i) : body.slice(i, end)).trim();
      out.push(raw.toUpperCase() === 'NULL' ? null : raw);
      i = end < 0 ? body.length : end;
    }
    while (body[i] === ' ') i += 1;
    if (i >= body.length) break;
    if (body[i] !== ',') return null;
    i += 1;
  }
  return out;
}

/** `2020-01-01 10:00:00+02` → `2020-01-01 08:00:00` (UTC); null when it is not such a timestamp. */
export function timestampToUtc(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const offsetMinutes = Number(m[4]) * 60 + Math.sign(Number(m[4]) || 1) * Number(m[5] ?? 0);
  const ms = Date.parse(`${m[1]}T${m[2]}Z`) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${m[3] ?? ''}`;
}

const dropped = (message: string): MappedDefault => ({ value: null, note: { code: 'pg_default_dropped', message } });

function mapString(value: string, source: DataType, target: DataType): MappedDefault {
  const sourceKind = source.kind === 'domain' && source.base ? source.base.kind : source.kind;
  const isArray = (source.arrayDims ?? source.base?.arrayDims ?? 0) > 0;
  if (isArray && target.kind === 'json') {
    const items = parsePgArrayLiteral(value);
    if (!items) return dropped(`array default '${value}' is not a one-dimensional literal`);
    const numeric = isIntegerKind(sourceKind) || sourceKind === 'decimal' || sourceKind === 'float32' || sourceKind === 'float64';
    const json = JSON.stringify(items.map((x) => (x === null ? null : numeric && Number.isFinite(Number(x)) ? Number(x) : x)));
    return { value: { kind: 'string', value: json }, note: { code: 'pg_default_translated', message: `array default '${value}' became JSON '${json}'` } };
  }
  if (target.kind === 'json' && sourceKind === 'composite') return dropped(`composite default '${value}'`);
  if (target.kind === 'decimal' || target.kind === 'float32' || target.kind === 'float64' || isIntegerKind(target.kind)) {
    // money prints with its currency symbol and group separators: '$1,000.00'.
    const number = value.replace(sourceKind === 'money' ? /[^\d.+-]/g : /^\s+|\s+$/g, '');
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(number)) return { value: { kind: 'number', value: number } };
    return dropped(`'${value}' is not a number MySQL reads`);
  }
  if (target.kind === 'timestamp' || target.kind === 'date') {
    if (/^[+-]?infinity$|^epoch$/i.test(value.trim())) return dropped(`'${value}' has no MySQL ${target.kind === 'date' ? 'DATE' : 'DATETIME'} value`);
    if (sourceKind === 'timestamptz') {
      const utc = timestampToUtc(value);
      if (utc) return { value: { kind: 'string', value: utc }, note: { code: 'pg_default_translated', message: `'${value}' became '${utc}' (UTC)` } };
    }
  }
  return { value: { kind: 'string', value } };
}

/** The MySQL default for a column of MySQL type `target` whose PostgreSQL default is `d`. */
export function mapPgDefault(d: ColumnDefault, source: DataType, target: DataType): MappedDefault {
  switch (d.kind) {
    case 'null':
    case 'number':
    case 'bool':
    case 'bit':
    case 'bytes':
      if (target.kind === 'json') return dropped(`literal default of a column now JSON`);
      return { value: d };
    case 'string':
      return mapString(d.value, source, target);
    case 'current_timestamp':
      if (target.kind === 'timestamp' || target.kind === 'timestamptz') return { value: { kind: 'current_timestamp' } };
      if (target.kind === 'date') return { value: { kind: 'current_date' } };
      if (target.kind === 'time') return { value: { kind: 'current_time' } };
      return dropped('now() default of a column that is not a date or time');
    case 'current_date':
    case 'current_time':
      return { value: d };
    case 'uuid':
      return { value: d, note: { code: 'pg_default_translated', message: 'UUID generator default became (uuid()): a version 1 UUID' } };
    case 'sequence':
      return dropped(`nextval('${d.sequence.schema}.${d.sequence.name}')`);
    case 'expression': {
      if (/^timezone\('utc'::text, now\(\)\)$/i.test(d.text) && target.kind === 'timestamp') {
        return { value: { kind: 'expression', text: `UTC_TIMESTAMP(${target.precision ?? 0})` }, note: { code: 'pg_default_translated', message: `${d.text} became UTC_TIMESTAMP()` } };
      }
      // A default cannot refer to a column, so any name is refused.
      const tr = translatePgExpression(d.text, { columnName: () => null });
      if (!tr.ok) return dropped(`${d.text} (${tr.reason})`);
      return { value: { kind: 'expression', text: tr.sql }, note: { code: 'pg_default_translated', message: `${d.text} became (${tr.sql})` } };
    }
  }
}
