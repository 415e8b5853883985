/**
 * PostgreSQL type text, as a body declares it or the catalog prints a parameter (`int4`,
 * `character varying(20)`, `timestamp with time zone`, an enum or domain of the schema) →
 * the MySQL type of a local variable, parameter or return value, through the column type
 * map (map-type.ts) so routines and tables agree.
 */
import { mysqlTypeName } from '../../dialects/mysql/type-names.js';
import { parseBaseType } from '../../dialects/postgres/parse-type.js';
import type { DataType } from '../../model/data-types.js';
import type { Schema } from '../../model/schema.js';
import { mapPgType } from '../postgres-to-mysql/map-type.js';
import type { Kind } from './env.js';

/** Spellings a body may use → format_type's. */
const ALIASES: Record<string, string> = {
  int: 'integer', int4: 'integer', int2: 'smallint', int8: 'bigint', serial: 'integer', bigserial: 'bigint', smallserial: 'smallint',
  decimal: 'numeric', bool: 'boolean', float8: 'double precision', float4: 'real', float: 'double precision',
  varchar: 'character varying', char: 'character', bpchar: 'character', timestamptz: 'timestamp with time zone', timestamp: 'timestamp without time zone',
  timetz: 'time with time zone', time: 'time without time zone',
};

const KINDS: Partial<Record<DataType['kind'], Kind>> = {
  bool: 'bool', int8: 'number', int16: 'number', int24: 'number', int32: 'number', int64: 'number', decimal: 'number', float32: 'number', float64: 'number', money: 'number',
  char: 'text', varchar: 'text', text: 'text', enum: 'text', date: 'date', timestamp: 'timestamp', timestamptz: 'timestamp',
};

/** Normalises type text: lower case, single spaces, pg_catalog dropped, one-word aliases spelled as format_type does. */
function normalise(text: string): string {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')').replace(/^pg_catalog\./, '');
  const m = /^([a-z0-9_]+)(\([\d,]*\))?$/.exec(t);
  const alias = m ? ALIASES[m[1]!] : undefined;
  return m && alias ? `${alias}${m[2] ?? ''}` : t;
}

/** The MySQL type and the kind of a PostgreSQL type text; null when MySQL has no variable type for it. */
export function mapRoutineType(text: string, schema: Schema): { sql: string; kind: Kind } | null {
  const t = normalise(text);
  if (t.endsWith('[]')) return null;
  const plain = t.replace(/^[a-z_][a-z0-9_]*\./, '');
  const en = schema.enums.find((e) => e.name === plain);
  if (en) return { sql: mysqlTypeName({ kind: 'enum', raw: plain, values: en.values }), kind: 'text' };
  const domain = schema.domains.find((d) => d.name === plain);
  const base = domain ? domain.base : (() => {
    const b = parseBaseType(t);
    return b ? ({ ...b, raw: t } as DataType) : null;
  })();
  if (!base) return null;
  const kind = KINDS[base.kind];
  if (!kind) return null;
  return { sql: mysqlTypeName(mapPgType(base).type), kind };
}
