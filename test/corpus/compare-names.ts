/**
 * How compare-models.ts finds a source object's name on the target: through the conversion's
 * renames, the schema map, the target's case folding and identifier length limit, and, as the
 * last resort, a case-insensitive match that is unique among the target's names.
 *
 * Renames are keyed by the qualified source name (`schema.table`, `schema.table.column`,
 * `schema.table.index`); their target may be qualified or not, so every plausible unqualified
 * reading of it is a candidate.
 */
import type { ObjectType } from '../../analyzer/convert/action-item.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';

/** What the target engine does to a name that the converter did not rename. */
export interface TargetNaming {
  /** `lower`: PostgreSQL with the default identifiers option (unquoted folding); `none`: kept. */
  fold: 'lower' | 'none';
  /** Longest identifier in UTF-8 bytes (PostgreSQL 63, MySQL 64 characters: 0 = no limit here). */
  maxBytes: number;
}

/** Cuts a name to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateBytes(name: string, maxBytes: number): string {
  if (maxBytes <= 0 || Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch, 'utf8') > maxBytes) break;
    out += ch;
  }
  return out;
}

/** Source names → candidate target names, most specific first. */
export class NameMapper {
  private readonly renames = new Map<string, string[]>();

  constructor(
    renames: ConversionResult['renames'],
    private readonly schemaMap: Readonly<Record<string, string>>,
    private readonly naming: TargetNaming,
  ) {
    for (const r of renames) {
      const list = this.renames.get(r.source) ?? [];
      list.push(r.target);
      this.renames.set(r.source, list);
      const typed = `${r.type}\u0000${r.source}`;
      this.renames.set(typed, [...(this.renames.get(typed) ?? []), r.target]);
    }
  }

  /** The target schema of a source schema: the schema map, else the schema renamed or folded. */
  schemaCandidates(schema: string): string[] {
    const mapped = this.schemaMap[schema];
    if (mapped !== undefined) return unique([mapped, this.folded(mapped)]);
    return unique([...(this.renames.get(`schema\u0000${schema}`) ?? []), this.folded(schema), schema]);
  }

  /**
   * Candidates for an object inside a schema (table, view) or inside a table (column, index,
   * constraint): `path` is the source qualification (`[schema]` or `[schema, table]`),
   * `targetPath` the same on the target as far as it is known.
   */
  candidates(type: ObjectType, path: readonly string[], targetPath: readonly string[], name: string): string[] {
    const key = [...path, name].join('.');
    const renamed = this.renames.get(`${type}\u0000${key}`) ?? this.renames.get(key) ?? [];
    const prefixes = unique([...runsOf(path), ...runsOf(targetPath)]).filter(Boolean);
    const readings = renamed.flatMap((t) => [t, ...prefixes.filter((p) => t.startsWith(`${p}.`)).map((p) => t.slice(p.length + 1))]);
    return unique([...readings, this.folded(name), name]);
  }

  private folded(name: string): string {
    return truncateBytes(this.naming.fold === 'lower' ? name.toLowerCase() : name, this.naming.maxBytes);
  }
}

/**
 * The first candidate present among `names`; else a case-insensitive match when exactly one
 * name matches (a target that keeps case where the converter folded, or the reverse).
 */
export function pick<T extends { name: string }>(items: readonly T[], candidates: readonly string[]): T | undefined {
  for (const c of candidates) {
    const exact = items.find((i) => i.name === c);
    if (exact) return exact;
  }
  for (const c of candidates) {
    const loose = items.filter((i) => i.name.toLowerCase() === c.toLowerCase());
    if (loose.length === 1) return loose[0];
  }
  return undefined;
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** Every contiguous run of a path, joined: `a.b`, `a`, `b` for [a, b]. */
function runsOf(path: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < path.length; i++) for (let j = i + 1; j <= path.length; j++) out.push(path.slice(i, j).join('.'));
  return out;
}
