/**
 * Conversion options and the --mapping file (YAML or JSON), modelled on pgloader's CAST rules:
 * overrides by source type and by column, checked before any default rule.
 *
 *   identifiers: lower            # lower (default for a PostgreSQL target) | preserve
 *   enum: type                    # MySQL ENUM → PostgreSQL: type (CREATE TYPE) | check (text + CHECK)
 *   set: array                    # MySQL SET → PostgreSQL: array (text[] + CHECK) | text (text + CHECK)
 *   tinyint1: boolean             # tinyint(1) → boolean | smallint
 *   datetime: timestamp           # MySQL DATETIME → timestamp | timestamptz
 *   collation: icu                # *_ci columns → icu (nondeterministic ICU collation) | citext | none
 *   schemas: { sakila: app }      # source schema → target schema (PostgreSQL) or database (MySQL)
 *   types:
 *     - match: "int(11) unsigned" # source type text, case-insensitive; * matches any run of characters
 *       to: integer               # target type text, used as written
 *   columns:
 *     - column: "sakila.film.rating"   # schema.table.column; * wildcards
 *       to: text
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const TypeRuleSchema = z.strictObject({ match: z.string().min(1), to: z.string().min(1) });
const ColumnRuleSchema = z.strictObject({ column: z.string().min(1), to: z.string().min(1) });

export const MappingSchema = z.strictObject({
  identifiers: z.enum(['lower', 'preserve']).optional(),
  enum: z.enum(['type', 'check']).optional(),
  set: z.enum(['array', 'text']).optional(),
  tinyint1: z.enum(['boolean', 'smallint']).optional(),
  datetime: z.enum(['timestamp', 'timestamptz']).optional(),
  collation: z.enum(['icu', 'citext', 'none']).optional(),
  schemas: z.record(z.string(), z.string().min(1)).optional(),
  types: z.array(TypeRuleSchema).optional(),
  columns: z.array(ColumnRuleSchema).optional(),
});
export type Mapping = z.infer<typeof MappingSchema>;

export interface ConvertOptions {
  identifiers: 'lower' | 'preserve';
  enumAs: 'type' | 'check';
  setAs: 'array' | 'text';
  tinyint1As: 'boolean' | 'smallint';
  datetimeAs: 'timestamp' | 'timestamptz';
  collationAs: 'icu' | 'citext' | 'none';
  /** Source schema → target schema (PostgreSQL) or database (MySQL). */
  schemaMap: Record<string, string>;
  typeRules: { match: RegExp; to: string; text: string }[];
  columnRules: { match: RegExp; to: string; text: string }[];
}

export const DEFAULT_OPTIONS: ConvertOptions = {
  identifiers: 'lower',
  enumAs: 'type',
  setAs: 'array',
  tinyint1As: 'boolean',
  datetimeAs: 'timestamp',
  collationAs: 'icu',
  schemaMap: {},
  typeRules: [],
  columnRules: [],
};

/** `*` matches any run of characters; everything else literally; whole string, case-insensitive. */
export function wildcard(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

export function optionsFromMapping(mapping: Mapping): ConvertOptions {
  return {
    identifiers: mapping.identifiers ?? DEFAULT_OPTIONS.identifiers,
    enumAs: mapping.enum ?? DEFAULT_OPTIONS.enumAs,
    setAs: mapping.set ?? DEFAULT_OPTIONS.setAs,
    tinyint1As: mapping.tinyint1 ?? DEFAULT_OPTIONS.tinyint1As,
    datetimeAs: mapping.datetime ?? DEFAULT_OPTIONS.datetimeAs,
    collationAs: mapping.collation ?? DEFAULT_OPTIONS.collationAs,
    schemaMap: { ...(mapping.schemas ?? {}) },
    typeRules: (mapping.types ?? []).map((r) => ({ match: wildcard(r.match.trim()), to: r.to.trim(), text: r.match })),
    columnRules: (mapping.columns ?? []).map((r) => ({ match: wildcard(r.column.trim()), to: r.to.trim(), text: r.column })),
  };
}

/** Reads and validates a mapping file; errors name the file and the field. */
export function readMappingFile(file: string): ConvertOptions {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const parsed = MappingSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${problems}`);
  }
  return optionsFromMapping(parsed.data);
}

/** The first --mapping rule for this column (`schema.table.column`) or its source type text, if any. */
export function mappedType(options: ConvertOptions, columnPath: string, rawType: string): { to: string; rule: string } | null {
  for (const r of options.columnRules) if (r.match.test(columnPath)) return { to: r.to, rule: `column ${r.text}` };
  const raw = rawType.trim();
  for (const r of options.typeRules) if (r.match.test(raw)) return { to: r.to, rule: `type ${r.text}` };
  return null;
}
