/**
 * A DataType → MySQL 8.0 column type text (MariaDB 10.11 accepts the same). The kinds a
 * converted model uses print as MySQL types; kinds MySQL has no type for (interval, uuid on
 * MySQL, inet, …) only reach here from a same-engine model (MariaDB's native UUID and INET6)
 * and print as the source's own text.
 * https://dev.mysql.com/doc/refman/8.0/en/data-types.html
 */
import type { DataType, DataTypeKind, SizeClass } from '../../model/data-types.js';
import { quoteMysqlString } from './quote.js';

const INTEGER_NAMES: Partial<Record<DataTypeKind, string>> = { int8: 'tinyint', int16: 'smallint', int24: 'mediumint', int32: 'int', int64: 'bigint' };

function sized(base: 'text' | 'blob', size: SizeClass | undefined): string {
  return size ? `${size}${base}` : base;
}

/** ` unsigned zerofill` flags of numeric kinds. */
function numericFlags(t: DataType): string {
  return `${t.unsigned ? ' unsigned' : ''}${t.zerofill ? ' zerofill' : ''}`;
}

/** `(p)` fractional seconds, only when given (MySQL's default is 0). */
const fsp = (t: DataType): string => (t.precision !== undefined && t.precision > 0 ? `(${t.precision})` : '');

const labels = (t: DataType): string => (t.values ?? []).map(quoteMysqlString).join(',');

/** The MySQL type text for a type of a MySQL-ready model. */
export function mysqlTypeName(t: DataType): string {
  const integer = INTEGER_NAMES[t.kind];
  if (integer) return `${integer}${t.displayWidth !== undefined ? `(${t.displayWidth})` : ''}${numericFlags(t)}`;
  switch (t.kind) {
    case 'bool':
      return 'tinyint(1)';
    case 'decimal':
      return `decimal(${t.precision ?? 10},${t.scale ?? 0})${numericFlags(t)}`;
    case 'float32':
    case 'float64': {
      const name = t.kind === 'float32' ? 'float' : 'double';
      const args = t.precision !== undefined && t.scale !== undefined ? `(${t.precision},${t.scale})` : t.kind === 'float32' && t.precision !== undefined ? `(${t.precision})` : '';
      return `${name}${args}${numericFlags(t)}`;
    }
    case 'money':
      return 'decimal(19,2)';
    case 'char':
      return `char(${t.length ?? 1})`;
    case 'varchar':
      return `varchar(${t.length ?? 255})`;
    case 'text':
      return sized('text', t.size);
    case 'binary':
      return `binary(${t.length ?? 1})`;
    case 'varbinary':
      return `varbinary(${t.length ?? 255})`;
    case 'blob':
      return sized('blob', t.size);
    case 'date':
      return 'date';
    case 'time':
      return `time${fsp(t)}`;
    case 'timestamp':
      return `datetime${fsp(t)}`;
    case 'timestamptz':
      return `timestamp${fsp(t)}`;
    case 'year':
      return 'year';
    case 'json':
      return 'json';
    case 'enum':
      return `enum(${labels(t)})`;
    case 'set':
      return `set(${labels(t)})`;
    case 'bit':
      return `bit(${t.length ?? 1})`;
    case 'geometry':
      return geometryName(t);
    case 'domain':
      return t.base ? mysqlTypeName(t.base) : t.raw;
    default:
      // A same-engine kind MySQL prints as its own text (MariaDB uuid, inet6).
      return t.raw;
  }
}

const MYSQL_GEOMETRY = new Set(['geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection']);

function geometryName(t: DataType): string {
  const sub = (t.subtype ?? 'geometry').toLowerCase();
  const name = MYSQL_GEOMETRY.has(sub) ? sub : sub === 'geomcollection' ? 'geometrycollection' : 'geometry';
  // The SRID column attribute is MySQL 8.0.3+ only (MariaDB has REF_SYSTEM_ID): not printed, the converter says so.
  return name;
}

/** Kinds whose values are strings with a character set. */
export function isCharacterKind(kind: DataTypeKind): boolean {
  return kind === 'char' || kind === 'varchar' || kind === 'text' || kind === 'enum' || kind === 'set';
}

/** Kinds MySQL 8 lets have a DEFAULT only as an expression in parentheses (8.0.13+). */
export function needsExpressionDefault(kind: DataTypeKind): boolean {
  return kind === 'text' || kind === 'blob' || kind === 'json' || kind === 'geometry';
}
