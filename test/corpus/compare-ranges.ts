/**
 * Value range of a column type, compared between a source column and the target column it
 * became, for compare-models.ts: a target that cannot hold every value of the source loses
 * range even when the type category is the same (`int unsigned` → `integer`, `varchar(255)` →
 * `varchar(100)`, MySQL `TIME` (±838 hours) → PostgreSQL `time`, `text` → MySQL `TEXT`
 * (64 KiB), `double` → `float`, `datetime(6)` → `datetime`). Only the kinds these rules know
 * are compared; a change of kind across categories is compare-models' type-category rule.
 */
import { INTEGER_BITS, isIntegerKind, type DataType } from '../../analyzer/model/data-types.js';
import type { SourceDialect } from '../../analyzer/model/schema.js';

/** Characters (strings) or bytes (binary) a type holds; Infinity: no limit that matters here. */
function capacity(t: DataType, dialect: SourceDialect): number | null {
  switch (t.kind) {
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return t.length ?? Infinity;
    case 'text':
    case 'blob':
      // MySQL: TINY 255 B, plain 64 KiB, MEDIUM 16 MiB, LONG 4 GiB (taken as unlimited, as PostgreSQL's 1 GiB).
      if (dialect !== 'mysql') return Infinity;
      return t.size === 'tiny' ? 255 : t.size === 'medium' ? 16_777_215 : t.size === 'long' ? Infinity : 65_535;
    default:
      return null;
  }
}

/** Fractional-second digits: MySQL's default is 0, PostgreSQL's 6. */
const fraction = (t: DataType, dialect: SourceDialect): number => t.precision ?? (dialect === 'mysql' ? 0 : 6);

/** Integer bits a signed target needs for the source: one more for an unsigned source. */
function integerLoss(s: DataType, t: DataType): string | null {
  if (!isIntegerKind(s.kind) || !isIntegerKind(t.kind)) return null;
  const need = INTEGER_BITS[s.kind] + (s.unsigned && !t.unsigned ? 1 : 0);
  const have = INTEGER_BITS[t.kind];
  return need > have || (!s.unsigned && t.unsigned) ? 'integer range' : null;
}

function decimalLoss(s: DataType, t: DataType): string | null {
  if (s.kind !== 'decimal' || t.kind !== 'decimal' || t.precision === undefined) return null;
  if (s.precision === undefined) return 'unconstrained numeric became bounded';
  const [sScale, tScale] = [s.scale ?? 0, t.scale ?? 0];
  return t.precision - tScale < s.precision - sScale || tScale < sScale ? 'decimal digits' : null;
}

/**
 * What range the target loses, or null when it holds every source value (or the rules do not
 * compare these kinds).
 */
export function rangeLoss(source: DataType, from: SourceDialect, target: DataType, to: SourceDialect): string | null {
  // A domain holds what its base type holds; arrays are compared by category only.
  const s = source.kind === 'domain' && source.base ? source.base : source;
  const t = target.kind === 'domain' && target.base ? target.base : target;
  if (s.arrayDims || t.arrayDims) return null;
  const integer = integerLoss(s, t);
  if (integer) return integer;
  const decimal = decimalLoss(s, t);
  if (decimal) return decimal;
  if (s.kind === 'float64' && t.kind === 'float32') return 'double precision became single';
  const [sCap, tCap] = [capacity(s, from), capacity(t, to)];
  if (sCap !== null && tCap !== null && tCap < sCap) return 'length';
  // MySQL TIME spans ±838:59:59; a PostgreSQL time holds one day.
  if (from === 'mysql' && s.kind === 'time' && to === 'postgres' && t.kind === 'time') return 'MySQL TIME range (±838 h)';
  const temporal = ['time', 'timetz', 'timestamp', 'timestamptz'];
  if (temporal.includes(s.kind) && temporal.includes(t.kind) && fraction(t, to) < fraction(s, from)) return 'fractional seconds';
  return null;
}
