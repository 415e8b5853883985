/**
 * PostgreSQL column types → MySQL types (analyzer/convert/type-mapping.md gives each
 * choice and its reason). Pure: returns the MySQL DataType and the action codes the choice
 * raises; the caller names the column in the items. Domains are mapped through their base.
 */
import type { DataType } from '../../model/data-types.js';

export interface TypeNote {
  code: string;
  message: string;
}

export interface MappedType {
  type: DataType;
  notes: TypeNote[];
}

const MAX_DECIMAL_PRECISION = 65;
const MAX_DECIMAL_SCALE = 30;
/** Characters a VARCHAR may declare with utf8mb4 (65,535 bytes / 4). */
export const MAX_VARCHAR_UTF8MB4 = 16383;

const t = (kind: DataType['kind'], raw: string, extra: Partial<DataType> = {}): DataType => ({ kind, raw, ...extra });

/** PostgreSQL's default fractional-second precision is 6; MySQL's is 0, so it is always written. */
const fsp = (p: number | undefined): number => p ?? 6;

function mapDecimal(src: DataType): MappedType {
  if (src.precision === undefined) {
    return {
      type: t('decimal', 'decimal(65,30)', { precision: 65, scale: 30 }),
      notes: [{ code: 'pg_decimal_range', message: 'numeric without precision became DECIMAL(65,30): at most 35 integer digits and 30 decimals' }],
    };
  }
  const scale = src.scale ?? 0;
  if (src.precision <= MAX_DECIMAL_PRECISION && scale <= MAX_DECIMAL_SCALE) return { type: t('decimal', `decimal(${src.precision},${scale})`, { precision: src.precision, scale }), notes: [] };
  const s = Math.min(scale, MAX_DECIMAL_SCALE);
  return {
    type: t('decimal', `decimal(65,${s})`, { precision: MAX_DECIMAL_PRECISION, scale: s }),
    notes: [{ code: 'pg_decimal_range', message: `${src.raw} became DECIMAL(65,${s})` }],
  };
}

const GEOMETRIC: Record<string, string> = { point: 'point', lseg: 'linestring', path: 'linestring', box: 'polygon', polygon: 'polygon', line: 'geometry', circle: 'geometry' };

/** One PostgreSQL element type (no array, no domain) → MySQL. */
function mapScalar(src: DataType): MappedType {
  const none: TypeNote[] = [];
  switch (src.kind) {
    case 'bool':
      return { type: t('bool', 'tinyint(1)'), notes: none };
    case 'int8':
    case 'int16':
    case 'int24':
    case 'int32':
    case 'int64':
      return { type: t(src.kind, src.raw), notes: none };
    case 'decimal':
      return mapDecimal(src);
    case 'float32':
      return { type: t('float32', 'float'), notes: none };
    case 'float64':
      return { type: t('float64', 'double'), notes: none };
    case 'money':
      return { type: t('decimal', 'decimal(19,2)', { precision: 19, scale: 2 }), notes: [{ code: 'pg_special_type', message: 'money became DECIMAL(19,2): the currency formatting of lc_monetary is not kept' }] };
    case 'char':
      if ((src.length ?? 1) <= 255) return { type: t('char', `char(${src.length ?? 1})`, { length: src.length ?? 1 }), notes: none };
      return { type: t('varchar', `varchar(${src.length})`, { length: src.length }), notes: none };
    case 'varchar':
      if (src.length !== undefined && src.length <= MAX_VARCHAR_UTF8MB4) return { type: t('varchar', `varchar(${src.length})`, { length: src.length }), notes: none };
      return { type: t('text', 'longtext', { size: 'long' }), notes: none };
    case 'text':
      return { type: t('text', 'longtext', { size: 'long' }), notes: none };
    case 'binary':
    case 'varbinary':
    case 'blob':
      return { type: t('blob', 'longblob', { size: 'long' }), notes: none };
    case 'date':
      return { type: t('date', 'date'), notes: none };
    case 'time':
      return { type: t('time', 'time', { precision: fsp(src.precision) }), notes: none };
    case 'timetz':
      return { type: t('time', 'time', { precision: fsp(src.precision) }), notes: [{ code: 'pg_timetz', message: `${src.raw} became TIME(${fsp(src.precision)})` }] };
    case 'timestamp':
      return { type: t('timestamp', 'datetime', { precision: fsp(src.precision) }), notes: none };
    case 'timestamptz':
      return { type: t('timestamp', 'datetime', { precision: fsp(src.precision) }), notes: [{ code: 'pg_timestamptz', message: `${src.raw} became DATETIME(${fsp(src.precision)}), holding UTC` }] };
    case 'interval':
      return { type: t('varchar', 'varchar(100)', { length: 100 }), notes: [{ code: 'pg_interval', message: `${src.raw} became VARCHAR(100)` }] };
    case 'year':
      return { type: t('int16', 'smallint'), notes: none };
    case 'json':
      return { type: t('json', 'json'), notes: none };
    case 'jsonb':
      return { type: t('json', 'json'), notes: [{ code: 'pg_special_type', message: 'jsonb became JSON (jsonb operators such as @> and ? need rewriting)' }] };
    case 'uuid':
      return { type: t('char', 'char(36)', { length: 36 }), notes: [{ code: 'pg_special_type', message: 'uuid became CHAR(36)' }] };
    case 'inet':
    case 'cidr':
      return { type: t('varchar', 'varchar(43)', { length: 43 }), notes: [{ code: 'pg_special_type', message: `${src.raw} became VARCHAR(43)` }] };
    case 'macaddr':
      return { type: t('varchar', 'varchar(23)', { length: 23 }), notes: [{ code: 'pg_special_type', message: `${src.raw} became VARCHAR(23)` }] };
    case 'xml':
    case 'tsvector':
    case 'tsquery':
      return { type: t('text', 'longtext', { size: 'long' }), notes: [{ code: 'pg_type_as_text', message: `${src.raw} became LONGTEXT` }] };
    case 'bit':
      if ((src.length ?? 1) <= 64) return { type: t('bit', `bit(${src.length ?? 1})`, { length: src.length ?? 1 }), notes: none };
      return { type: t('varchar', `varchar(${src.length})`, { length: src.length }), notes: [{ code: 'pg_bit_string', message: `${src.raw} became VARCHAR(${src.length})` }] };
    case 'varbit': {
      const length = Math.min(src.length ?? MAX_VARCHAR_UTF8MB4, MAX_VARCHAR_UTF8MB4);
      return { type: t('varchar', `varchar(${length})`, { length }), notes: [{ code: 'pg_bit_string', message: `${src.raw} became VARCHAR(${length})` }] };
    }
    case 'geometry': {
      const subtype = GEOMETRIC[src.subtype ?? ''] ?? (src.subtype && /^(multi)?(point|linestring|polygon)$|^geometrycollection$/.test(src.subtype) ? src.subtype : 'geometry');
      return { type: t('geometry', subtype, { subtype }), notes: [{ code: 'pg_geometric', message: `${src.raw} became ${subtype.toUpperCase()}` }] };
    }
    case 'enum':
      return { type: t('enum', src.raw, { values: src.values ?? [] }), notes: none };
    case 'set':
      return { type: t('set', src.raw, { values: src.values ?? [] }), notes: none };
    case 'range': {
      const builtin = src.typeRef?.schema === 'pg_catalog' || /^(int4|int8|num|ts|tstz|date)(multi)?range$/.test(src.typeRef?.name ?? '');
      const type = builtin ? t('varchar', 'varchar(255)', { length: 255 }) : t('text', 'longtext', { size: 'long' });
      return { type, notes: [{ code: 'pg_range', message: `${src.raw} became ${builtin ? 'VARCHAR(255)' : 'LONGTEXT'}` }] };
    }
    case 'composite':
      return { type: t('json', 'json'), notes: [{ code: 'pg_user_type', message: `composite type ${src.raw} became JSON` }] };
    case 'domain':
      return src.base ? mapScalar(src.base) : unknown(src);
    case 'unknown':
      return unknown(src);
  }
}

function unknown(src: DataType): MappedType {
  return { type: t('text', 'longtext', { size: 'long' }), notes: [{ code: 'unknown_data_type', message: `type ${src.raw} is not known: LONGTEXT was used` }] };
}

/** A PostgreSQL column type → MySQL; arrays become JSON. */
export function mapPgType(src: DataType): MappedType {
  const dims = src.arrayDims ?? (src.kind === 'domain' ? src.base?.arrayDims : undefined) ?? 0;
  if (dims > 0) return { type: t('json', 'json'), notes: [{ code: 'pg_array', message: `${src.raw} became JSON` }] };
  return mapScalar(src);
}
