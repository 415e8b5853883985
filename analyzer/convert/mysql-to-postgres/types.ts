/**
 * MySQL column types → PostgreSQL types, keeping every value the source column could hold
 * (analyzer/convert/type-mapping.md gives each choice and its reason). A type that needs a range or
 * label restriction returns CHECK conditions; a --mapping rule wins over all of it.
 */
import type { DataType } from '../../model/data-types.js';
import type { Column } from '../../model/schema.js';
import { quoteLiteral } from '../../dialects/postgres/quote.js';
import type { ConvertOptions } from '../options.js';
import { mappedType } from '../options.js';

/** How translated expressions must read a column whose type changed meaning. */
export type ColumnReference = 'plain' | 'boolean' | 'enum' | 'set_array';

/** A CHECK a converted type needs to keep the source's range or labels. */
export interface TypeCheck {
  /** Suffix of the constraint name: `<column>_<suffix>`. */
  suffix: string;
  /** The condition, given the quoted target column. */
  condition: (col: string) => string;
}

/** A column's PostgreSQL type with the CHECKs and items it brings. */
export interface MappedType {
  type: DataType;
  checks: TypeCheck[];
  notes: { code: string; message: string }[];
  reference: ColumnReference;
  /** ENUM labels that need a CREATE TYPE (the caller names it). */
  enumValues?: string[];
}

const labels = (values: readonly string[]): string => values.map(quoteLiteral).join(', ');
const NON_NEGATIVE: TypeCheck = { suffix: 'unsigned', condition: (c) => `${c} >= 0` };

/** PostgreSQL enum labels must be at most 63 bytes; longer ones fall back to text + CHECK. */
const enumLabelsFit = (values: readonly string[]): boolean => values.every((v) => Buffer.byteLength(v, 'utf8') <= 63);

function integerType(t: DataType, options: ConvertOptions, keepNumber: boolean): MappedType {
  const out: MappedType = { type: { kind: 'int32', raw: t.raw }, checks: [], notes: [], reference: 'plain' };
  // An AUTO_INCREMENT TINYINT(1) is a counter, not a flag: it stays a number (identity needs one).
  if (t.kind === 'int8' && t.displayWidth === 1 && !t.unsigned && options.tinyint1As === 'boolean' && !keepNumber) {
    out.type = { kind: 'bool', raw: t.raw };
    out.reference = 'boolean';
    out.notes.push({ code: 'tinyint1_to_boolean', message: `${t.raw} became boolean` });
    return out;
  }
  if (!t.unsigned) {
    out.type.kind = t.kind === 'int8' || t.kind === 'int16' ? 'int16' : t.kind === 'int64' ? 'int64' : 'int32';
    return out;
  }
  out.checks.push(NON_NEGATIVE);
  if (t.kind === 'int64') {
    out.type = { kind: 'decimal', raw: t.raw, precision: 20, scale: 0 };
    out.notes.push({ code: 'unsigned_bigint_numeric', message: `${t.raw} became numeric(20,0) with CHECK (>= 0)` });
    return out;
  }
  out.type.kind = t.kind === 'int8' ? 'int16' : t.kind === 'int32' ? 'int64' : 'int32';
  out.notes.push({ code: 'unsigned_widened', message: `${t.raw} became ${out.type.kind === 'int16' ? 'smallint' : out.type.kind === 'int32' ? 'integer' : 'bigint'} with CHECK (>= 0)` });
  return out;
}

function otherType(t: DataType, options: ConvertOptions): MappedType {
  const out: MappedType = { type: { kind: t.kind, raw: t.raw }, checks: [], notes: [], reference: 'plain' };
  const note = (code: string, message: string): void => void out.notes.push({ code, message });
  switch (t.kind) {
    case 'decimal':
      out.type = { kind: 'decimal', raw: t.raw, precision: t.precision ?? 10, scale: t.scale ?? 0 };
      if (t.unsigned) {
        out.checks.push(NON_NEGATIVE);
        note('unsigned_widened', `${t.raw}: CHECK (>= 0) keeps UNSIGNED`);
      }
      break;
    case 'float32':
    case 'float64':
      if (t.precision !== undefined && t.scale !== undefined) note('float_display_precision', `${t.raw}: values are no longer rounded to ${t.scale} decimals`);
      if (t.unsigned) {
        out.checks.push(NON_NEGATIVE);
        note('unsigned_widened', `${t.raw}: CHECK (>= 0) keeps UNSIGNED`);
      }
      break;
    case 'char':
    case 'varchar':
      out.type.length = Math.max(1, t.length ?? 1);
      break;
    case 'binary':
    case 'varbinary':
      out.type = { kind: 'blob', raw: t.raw };
      out.checks.push({ suffix: 'length', condition: (c) => `octet_length(${c}) <= ${t.length ?? 1}` });
      break;
    case 'blob':
    case 'text':
      out.type = { kind: t.kind, raw: t.raw };
      break;
    case 'time':
      out.type = { kind: 'interval', raw: t.raw, ...(t.precision ? { precision: t.precision } : {}) };
      note('time_to_interval', `${t.raw} became interval`);
      break;
    case 'timestamp':
      out.type = { kind: options.datetimeAs === 'timestamptz' ? 'timestamptz' : 'timestamp', raw: t.raw, precision: t.precision ?? 0 };
      break;
    case 'timestamptz':
      out.type = { kind: 'timestamptz', raw: t.raw, precision: t.precision ?? 0 };
      break;
    case 'year':
      out.type = { kind: 'int16', raw: t.raw };
      out.checks.push({ suffix: 'year', condition: (c) => `${c} = 0 OR ${c} BETWEEN 1901 AND 2155` });
      note('year_to_smallint', `${t.raw} became smallint`);
      break;
    case 'json':
      out.type = { kind: 'jsonb', raw: t.raw };
      note('json_to_jsonb', `${t.raw} became jsonb`);
      break;
    case 'enum': {
      const values = t.values ?? [];
      if (options.enumAs === 'type' && enumLabelsFit(values)) {
        out.type = { kind: 'enum', raw: t.raw, values };
        out.enumValues = values;
        out.reference = 'enum';
      } else {
        out.type = { kind: 'text', raw: t.raw };
        out.checks.push({ suffix: 'values', condition: (c) => `${c} IN (${labels(values)})` });
        note('enum_as_check', `${t.raw} became text with CHECK (IN the ${values.length} labels)`);
      }
      break;
    }
    case 'set': {
      const values = labels(t.values ?? []);
      if (options.setAs === 'array') {
        out.type = { kind: 'text', raw: t.raw, arrayDims: 1 };
        out.reference = 'set_array';
        out.checks.push({ suffix: 'values', condition: (c) => `${c} <@ ARRAY[${values}]::text[]` });
        note('set_to_array', `${t.raw} became text[]`);
      } else {
        out.type = { kind: 'text', raw: t.raw };
        out.checks.push({ suffix: 'values', condition: (c) => `${c} = '' OR string_to_array(${c}, ',') <@ ARRAY[${values}]::text[]` });
        note('set_to_text', `${t.raw} became text`);
      }
      break;
    }
    case 'bit':
      out.type = { kind: 'bit', raw: t.raw, length: t.length ?? 1 };
      break;
    case 'geometry':
      out.type = { kind: 'blob', raw: t.raw };
      note('spatial_to_bytea', `${t.raw} became bytea`);
      break;
    case 'unknown':
      out.type = { kind: 'text', raw: t.raw };
      note('unknown_data_type', `${t.raw} is not a type the converter knows; created as text`);
      break;
    default:
      Object.assign(out.type, t);
      break;
  }
  return out;
}

/**
 * The PostgreSQL type of a MySQL column; `path` is `schema.table.column` (source names) for
 * --mapping rules; `keepNumber` keeps a TINYINT(1) numeric (see boolean-columns.ts).
 */
export function mapColumnType(col: Column, path: string, options: ConvertOptions, keepNumber = false): MappedType {
  const rule = mappedType(options, path, col.type.raw);
  if (rule) {
    return {
      type: { kind: 'unknown', raw: rule.to },
      checks: [],
      notes: [{ code: 'type_overridden_by_mapping', message: `${col.type.raw} became ${rule.to} (${rule.rule})` }],
      reference: 'plain',
    };
  }
  const t = col.type;
  if (t.kind === 'int8' || t.kind === 'int16' || t.kind === 'int24' || t.kind === 'int32' || t.kind === 'int64') return integerType(t, options, keepNumber || col.identity?.kind === 'auto_increment');
  return otherType(t, options);
}
