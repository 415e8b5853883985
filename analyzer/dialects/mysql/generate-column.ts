/**
 * One column definition of a MySQL CREATE TABLE: type, character set and collation,
 * generated expression, NULL/NOT NULL, DEFAULT, AUTO_INCREMENT, ON UPDATE, COMMENT.
 * https://dev.mysql.com/doc/refman/8.0/en/create-table.html
 */
import type { Column, ColumnDefault } from '../../model/schema.js';
import type { DataType } from '../../model/data-types.js';
import { quoteMysqlIdent, quoteMysqlString } from './quote.js';
import { isCharacterKind, mysqlTypeName, needsExpressionDefault } from './type-names.js';

/** `CURRENT_TIMESTAMP(n)` with the column's own fractional digits: MySQL refuses a default whose precision differs from the column's. */
function currentTimestamp(type: DataType): string {
  const p = type.precision ?? 0;
  return p > 0 ? `CURRENT_TIMESTAMP(${p})` : 'CURRENT_TIMESTAMP';
}

/**
 * The DEFAULT clause's value; null when the model's default cannot be printed (a sequence:
 * the converter turns those into AUTO_INCREMENT or drops them with an item).
 * TEXT, BLOB, JSON and geometry columns take only an expression default in parentheses
 * (MySQL 8.0.13+; MariaDB 10.2+ takes it too).
 */
export function mysqlDefault(d: ColumnDefault, type: DataType): string | null {
  const kind = type.kind === 'domain' && type.base ? type.base.kind : type.kind;
  const wrap = (literal: string): string => (needsExpressionDefault(kind) ? `(${literal})` : literal);
  switch (d.kind) {
    case 'null':
      return 'NULL';
    case 'string':
      return wrap(quoteMysqlString(d.value));
    case 'number':
      return wrap(d.value);
    case 'bool':
      return wrap(d.value ? '1' : '0');
    case 'bytes':
      return wrap(`X'${d.hex}'`);
    case 'bit':
      return wrap(`b'${d.bits}'`);
    case 'current_timestamp':
      // DATETIME and TIMESTAMP take CURRENT_TIMESTAMP as such; other kinds need an expression.
      return kind === 'timestamp' || kind === 'timestamptz' ? currentTimestamp(type) : `(${currentTimestamp(type)})`;
    case 'current_date':
      return '(CURRENT_DATE)';
    case 'current_time':
      return `(CURRENT_TIME${type.precision ? `(${type.precision})` : ''})`;
    case 'uuid':
      return '(uuid())';
    case 'sequence':
      return null;
    case 'expression':
      return `(${d.text})`;
  }
}

/** The column definition, as it goes inside CREATE TABLE. */
export function mysqlColumnDefinition(c: Column): string {
  const parts = [quoteMysqlIdent(c.name), mysqlTypeName(c.type)];
  const kind = c.type.kind === 'domain' && c.type.base ? c.type.base.kind : c.type.kind;
  if (isCharacterKind(kind)) {
    if (c.charset) parts.push(`CHARACTER SET ${c.charset}`);
    if (c.collation) parts.push(`COLLATE ${quoteMysqlIdent(c.collation)}`);
  }
  if (c.generated) {
    parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`);
    if (!c.nullable) parts.push('NOT NULL');
  } else {
    parts.push(c.nullable ? 'NULL' : 'NOT NULL');
    const value = c.default ? mysqlDefault(c.default, c.type) : null;
    if (value !== null && !c.identity) parts.push(`DEFAULT ${value}`);
    if (c.identity) parts.push('AUTO_INCREMENT');
    if (c.onUpdateCurrentTimestamp) {
      const p = c.onUpdateCurrentTimestamp.precision ?? c.type.precision ?? 0;
      parts.push(p > 0 ? `ON UPDATE CURRENT_TIMESTAMP(${p})` : 'ON UPDATE CURRENT_TIMESTAMP');
    }
  }
  // INVISIBLE columns: MySQL 8.0.23+ and MariaDB 10.3+ both take the word.
  if (c.attrs?.['invisible'] === 'YES') parts.push('INVISIBLE');
  if (c.comment) parts.push(`COMMENT ${quoteMysqlString(c.comment)}`);
  return parts.join(' ');
}
