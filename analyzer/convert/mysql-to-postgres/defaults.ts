/**
 * MySQL column defaults → PostgreSQL defaults for the converted column type: booleans for
 * TINYINT(1), '-infinity' for zero dates, padded bit strings, bytes for binary columns,
 * arrays for SET, translated expressions. A default that cannot be kept exactly gets the
 * closest safe value and an item; one that cannot be translated is dropped with a critical
 * item, never emitted as SQL that fails.
 */
import type { DataType } from '../../model/data-types.js';
import type { ColumnDefault } from '../../model/schema.js';
import { quoteLiteral } from '../../dialects/postgres/quote.js';
import { translateMysqlExpression, type ExpressionScope } from './expressions.js';

/** PostgreSQL defaults cannot read columns (MySQL 8 expression defaults can). */
const NO_COLUMNS: ExpressionScope = { column: () => null };

/** A converted default (null: none) and the item it calls for, if any. */
export interface DefaultResult {
  value: ColumnDefault | null;
  note?: { code: string; message: string };
}

const ZERO_DATE = /^0000-00-00( 00:00:00(\.0+)?)?$|^\d{4}-00-|^\d{4}-\d{2}-00/;

const isTemporal = (t: DataType): boolean => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamptz';

/** b'101' on BIT(8) means 00000101: MySQL right-aligns; PostgreSQL wants exactly n bits. */
function padBits(bits: string, length: number): string {
  const trimmed = bits.replace(/^0+(?=[01])/, '');
  return trimmed.length >= length ? trimmed.slice(-length) : trimmed.padStart(length, '0');
}

function stringDefault(value: string, source: DataType, target: DataType): DefaultResult {
  if (isTemporal(target) && ZERO_DATE.test(value)) {
    const code = target.kind === 'date' ? 'zero_date_default_date' : 'zero_date_default';
    return { value: { kind: 'string', value: '-infinity' }, note: { code, message: `default '${value}' became '-infinity'` } };
  }
  if (target.kind === 'bool') return boolDefault(value);
  if (target.kind === 'blob') return { value: { kind: 'bytes', hex: Buffer.from(value, 'utf8').toString('hex').padEnd(source.kind === 'binary' ? (source.length ?? 0) * 2 : 0, '0') } };
  if (target.kind === 'text' && target.arrayDims) {
    const items = value === '' ? [] : value.split(',');
    return { value: { kind: 'expression', text: items.length ? `ARRAY[${items.map(quoteLiteral).join(', ')}]::text[]` : `'{}'::text[]` } };
  }
  if (value.includes('\0')) {
    return { value: { kind: 'string', value: value.replaceAll('\0', '') }, note: { code: 'default_changed', message: 'NUL characters removed from the default: PostgreSQL text cannot hold them' } };
  }
  return { value: { kind: 'string', value } };
}

function boolDefault(value: string): DefaultResult {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) return { value: null, note: { code: 'default_changed', message: `default '${value}' is not a number; the boolean column has no default` } };
  const result: DefaultResult = { value: { kind: 'bool', value: n !== 0 } };
  if (n !== 0 && n !== 1) result.note = { code: 'default_changed', message: `default ${value} became true` };
  return result;
}

function numberDefault(value: string, source: DataType, target: DataType): DefaultResult {
  if (target.kind === 'bool') return boolDefault(value);
  if (target.kind === 'bit' && /^\d+$/.test(value)) return { value: { kind: 'bit', bits: padBits(BigInt(value).toString(2), target.length ?? 1) } };
  if (target.kind === 'interval' || isTemporal(target) || target.kind === 'text' || target.kind === 'varchar' || target.kind === 'char') {
    return stringDefault(value, source, target);
  }
  return { value: { kind: 'number', value } };
}

/** The PostgreSQL default of a column, for its converted type. */
export function convertDefault(d: ColumnDefault | null, source: DataType, target: DataType): DefaultResult {
  if (d === null) return { value: null };
  switch (d.kind) {
    case 'string':
      return stringDefault(d.value, source, target);
    case 'number':
      return numberDefault(d.value, source, target);
    case 'bit':
      if (target.kind === 'bit') return { value: { kind: 'bit', bits: padBits(d.bits, target.length ?? 1) } };
      if (target.kind === 'bool') return boolDefault(String(parseInt(d.bits || '0', 2)));
      return { value: { kind: 'number', value: BigInt(`0b${d.bits || '0'}`).toString() } };
    case 'bytes':
      if (target.kind === 'blob') return { value: d };
      return stringDefault(Buffer.from(d.hex, 'hex').toString('utf8'), source, target);
    case 'uuid':
      return target.kind === 'uuid' ? { value: d } : { value: { kind: 'expression', text: '(gen_random_uuid())::text' } };
    case 'current_timestamp':
    case 'current_date':
    case 'current_time':
      if (target.kind === 'interval') return { value: { kind: 'expression', text: 'LOCALTIME::interval' } };
      return { value: d };
    case 'expression': {
      const t = translateMysqlExpression(d.text, NO_COLUMNS);
      if (t.ok) return { value: { kind: 'expression', text: t.sql } };
      return { value: null, note: { code: 'default_not_converted', message: `default ${d.text} not translated (${t.reason})` } };
    }
    default:
      return { value: d };
  }
}
