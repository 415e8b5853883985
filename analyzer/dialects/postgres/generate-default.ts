/** A neutral ColumnDefault printed as a PostgreSQL DEFAULT expression. */
import type { ColumnDefault } from '../../model/schema.js';
import type { DataType } from '../../model/data-types.js';
import { qualifyName, quoteLiteral } from './quote.js';

const precision = (p: number | undefined): string => (p !== undefined ? `(${p})` : '');

/**
 * The default as SQL. CURRENT_TIMESTAMP on a `timestamp without time zone` column is written
 * LOCALTIMESTAMP (the same value, without a time-zone conversion on assignment).
 */
export function pgDefault(d: ColumnDefault, type: DataType): string {
  switch (d.kind) {
    case 'null':
      return 'NULL';
    case 'string':
      return quoteLiteral(d.value);
    case 'number':
      return d.value;
    case 'bool':
      return d.value ? 'true' : 'false';
    case 'bytes':
      return `'\\x${d.hex}'::bytea`;
    case 'bit':
      return `B'${d.bits}'`;
    case 'current_timestamp':
      return `${type.kind === 'timestamp' ? 'LOCALTIMESTAMP' : 'CURRENT_TIMESTAMP'}${precision(d.precision)}`;
    case 'current_date':
      return 'CURRENT_DATE';
    case 'current_time':
      return `${type.kind === 'time' ? 'LOCALTIME' : 'CURRENT_TIME'}${precision(d.precision)}`;
    case 'uuid':
      return 'gen_random_uuid()';
    case 'sequence':
      return `nextval(${quoteLiteral(qualifyName(d.sequence.schema, d.sequence.name))}::regclass)`;
    case 'expression':
      return d.text;
  }
}
