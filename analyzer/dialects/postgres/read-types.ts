/**
 * User types and sequences of one PostgreSQL database: enum types, domains (base type, NOT
 * NULL, default, checks), composite and range types (kept by definition) and sequences.
 * Also builds the lookup column types use to resolve enums and domains.
 */
import type { DataType, TypeRef } from '../../model/data-types.js';
import type { CheckConstraint, Domain, EnumType, ModelProblem, OtherType, QualifiedName, Sequence } from '../../model/schema.js';
import { parsePgDefault } from './parse-default.js';
import { quoteIdent } from './quote.js';
import { splitQualifiedName } from './parse-names.js';
import { parseBaseType, type PgTypeLookup } from './parse-type.js';
import { bool, key2, objList, str, strList, type RawRow } from './read-rows.js';

export interface ReadTypes {
  enums: Map<string, EnumType[]>;
  domains: Map<string, Domain[]>;
  otherTypes: Map<string, OtherType[]>;
  sequences: Map<string, Sequence[]>;
  /** Sequence rows by schema and name, for identity and nextval defaults. */
  sequenceByName: Map<string, Sequence>;
  /** The sequences each column owns (serial, OWNED BY, identity), by key2(schema, key2(table, column)): the identity's own first, then by name. */
  sequencesOwnedBy: Map<string, readonly QualifiedName[]>;
  lookup: PgTypeLookup;
}

/** `CHECK (expr)` [NOT VALID] → the expression without the keyword and outer parentheses. */
export function checkExpression(definition: string): { expression: string; notValid: boolean } {
  let t = definition.trim();
  const notValid = /\sNOT VALID$/.test(t);
  if (notValid) t = t.slice(0, -' NOT VALID'.length).trimEnd();
  t = t.replace(/\s+NO INHERIT$/, '');
  const m = /^CHECK\s*\(([\s\S]*)\)$/.exec(t);
  return { expression: m ? m[1]!.trim() : t, notValid };
}

function push<T>(map: Map<string, T[]>, schema: string, item: T): void {
  const list = map.get(schema);
  if (list) list.push(item);
  else map.set(schema, [item]);
}

/** The next value nextval() hands out: last_value + increment, or start when never called. */
export function nextSequenceValue(start: string, increment: string, last: string | null): string {
  if (last === null) return start;
  try {
    return (BigInt(last) + BigInt(increment)).toString();
  } catch {
    return start;
  }
}

/** Reads the type and sequence rows; problems go to `problems`. */
export function readTypes(rows: { enums: RawRow[]; domains: RawRow[]; composites: RawRow[]; ranges: RawRow[]; sequences: RawRow[] }, problems: ModelProblem[]): ReadTypes {
  const enums = new Map<string, EnumType[]>();
  const enumByName = new Map<string, string[]>();
  for (const r of rows.enums) {
    const schema = str(r, 'schema');
    const name = str(r, 'name');
    if (schema === null || name === null) continue;
    const e: EnumType = { name, values: strList(r, 'labels') };
    const comment = str(r, 'comment');
    if (comment !== null) e.comment = comment;
    push(enums, schema, e);
    enumByName.set(key2(schema, name), e.values);
  }

  const domainRows = new Map<string, RawRow>();
  for (const r of rows.domains) {
    const schema = str(r, 'schema');
    const name = str(r, 'name');
    if (schema !== null && name !== null) domainRows.set(key2(schema, name), r);
  }
  const domainBases = new Map<string, DataType>();
  const resolving = new Set<string>();

  /** A type named in text (a domain's base): built-in, enum or another domain, resolved in `schema` when unqualified. */
  const typeFromText = (text: string, schema: string): DataType | undefined => {
    const dims = (/(\[\])+$/.exec(text)?.[0].length ?? 0) / 2;
    const element = dims > 0 ? text.replace(/(\[\])+$/, '') : text;
    const withDims = (t: DataType): DataType => (dims > 0 ? { ...t, arrayDims: dims } : t);
    const base = parseBaseType(element);
    if (base) return withDims({ ...base, raw: text });
    const parts = splitQualifiedName(element);
    if (!parts || parts.length > 2) return undefined;
    const candidates = parts.length === 2 ? [parts[0]!] : [schema, 'public'];
    const name = parts[parts.length - 1]!;
    for (const s of candidates) {
      const values = enumByName.get(key2(s, name));
      if (values) return withDims({ kind: 'enum', raw: text, typeRef: { schema: s, name }, values });
      const domainBase = resolveDomain(s, name);
      if (domainBase) return withDims({ kind: 'domain', raw: text, typeRef: { schema: s, name }, base: domainBase });
    }
    return undefined;
  };

  const resolveDomain = (schema: string, name: string): DataType | undefined => {
    const k = key2(schema, name);
    const known = domainBases.get(k);
    if (known) return known;
    const row = domainRows.get(k);
    if (!row || resolving.has(k)) return undefined;
    resolving.add(k);
    const text = str(row, 'base_type') ?? '';
    const t = typeFromText(text, schema);
    resolving.delete(k);
    if (t) domainBases.set(k, t);
    return t;
  };

  const domains = new Map<string, Domain[]>();
  for (const [k, r] of domainRows) {
    const schema = str(r, 'schema')!;
    const name = str(r, 'name')!;
    let base = resolveDomain(schema, name);
    if (!base) {
      base = { kind: 'unknown', raw: str(r, 'base_type') ?? '' };
      problems.push({ object: `${schema}.${name}`, message: `domain base type not understood: ${base.raw}` });
      domainBases.set(k, base);
    }
    const parsed = parsePgDefault(str(r, 'default_expr'));
    const checks: CheckConstraint[] = objList(r, 'checks').map((c) => {
      const { expression, notValid } = checkExpression(str(c, 'definition') ?? '');
      const out: CheckConstraint = { name: str(c, 'name') ?? '', expression };
      if (notValid || c['validated'] === false) out.notValid = true;
      return out;
    });
    const d: Domain = {
      name,
      base,
      notNull: bool(r, 'not_null'),
      default: parsed === null ? null : parsed.kind === 'value' ? parsed.value : { kind: 'expression', text: str(r, 'default_expr') ?? '' },
      checks,
    };
    const collation = str(r, 'collation');
    if (collation !== null) d.collation = collation;
    const comment = str(r, 'comment');
    if (comment !== null) d.comment = comment;
    push(domains, schema, d);
  }

  const otherTypes = new Map<string, OtherType[]>();
  for (const r of rows.composites) {
    const schema = str(r, 'schema');
    const name = str(r, 'name');
    if (schema === null || name === null) continue;
    const attrs = objList(r, 'attributes').map((a) => `${quoteIdent(str(a, 'name') ?? '')} ${str(a, 'data_type') ?? ''}${str(a, 'collation') ? ` COLLATE ${quoteIdent(str(a, 'collation')!)}` : ''}`);
    push(otherTypes, schema, { name, kind: 'composite', definition: `(${attrs.join(', ')})` });
  }
  for (const r of rows.ranges) {
    const schema = str(r, 'schema');
    const name = str(r, 'name');
    if (schema === null || name === null) continue;
    const opts = [`SUBTYPE = ${str(r, 'subtype') ?? 'unknown'}`];
    const opclass = str(r, 'subtype_opclass');
    if (opclass) opts.push(`SUBTYPE_OPCLASS = ${opclass}`);
    const collation = str(r, 'collation');
    if (collation) opts.push(`COLLATION = ${quoteIdent(collation)}`);
    const canonical = str(r, 'canonical_function');
    if (canonical) opts.push(`CANONICAL = ${canonical}`);
    const diff = str(r, 'subtype_diff_function');
    if (diff) opts.push(`SUBTYPE_DIFF = ${diff}`);
    push(otherTypes, schema, { name, kind: 'range', definition: `(${opts.join(', ')})` });
  }

  const sequences = new Map<string, Sequence[]>();
  const sequenceByName = new Map<string, Sequence>();
  const sequencesOwnedBy = new Map<string, { ref: QualifiedName; deptype: string | null }[]>();
  for (const r of rows.sequences) {
    const schema = str(r, 'schema');
    const name = str(r, 'name');
    if (schema === null || name === null) continue;
    const start = str(r, 'start_value') ?? '1';
    const increment = str(r, 'increment_by') ?? '1';
    const s: Sequence = {
      name,
      start,
      increment,
      minValue: str(r, 'min_value') ?? '1',
      maxValue: str(r, 'max_value') ?? '9223372036854775807',
      cache: str(r, 'cache_size') ?? '1',
      cycle: bool(r, 'cycle'),
      next: nextSequenceValue(start, increment, str(r, 'last_value')),
      attrs: {},
    };
    const dataType = str(r, 'data_type');
    if (dataType !== null) s.dataType = dataType;
    const ownedTable = str(r, 'owned_by_table');
    const ownedColumn = str(r, 'owned_by_column');
    if (ownedTable !== null && ownedColumn !== null) {
      s.ownedBy = { table: ownedTable, column: ownedColumn };
      const ownedSchema = str(r, 'owned_by_schema');
      if (ownedSchema !== null && ownedSchema !== schema) s.attrs['owned_by_schema'] = ownedSchema;
      const deptype = str(r, 'owned_by_deptype');
      if (deptype === 'i') s.attrs['identity'] = 'true';
      const column = key2(ownedSchema ?? schema, key2(ownedTable, ownedColumn));
      sequencesOwnedBy.set(column, [...(sequencesOwnedBy.get(column) ?? []), { ref: { schema, name }, deptype }]);
    }
    // last_value is null both for a sequence never used and one the agent could not read: only the first means `start`.
    const unread = !bool(r, 'last_value_readable') || bool(r, 'last_value_skipped') || bool(r, 'locked');
    if (str(r, 'last_value') === null && unread) {
      delete s.next;
      s.attrs['last_value_unknown'] = 'true';
    }
    const comment = str(r, 'comment');
    if (comment !== null) s.attrs['comment'] = comment;
    push(sequences, schema, s);
    sequenceByName.set(key2(schema, name), s);
  }

  const lookup: PgTypeLookup = {
    enumValues: (ref: TypeRef) => enumByName.get(key2(ref.schema, ref.name)),
    domainBase: (ref: TypeRef) => domainBases.get(key2(ref.schema, ref.name)),
  };
  // An identity column's own sequence (deptype i) first, before a serial one it kept (a); then by name.
  const rank = (o: { ref: QualifiedName; deptype: string | null }) => (o.deptype === 'i' ? 0 : 1);
  const ownedBy = new Map(
    [...sequencesOwnedBy].map(([k, list]) => [k, list.sort((a, b) => rank(a) - rank(b) || (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0)).map((o) => o.ref)] as const),
  );
  return { enums, domains, otherTypes, sequences, sequenceByName, sequencesOwnedBy: ownedBy, lookup };
}
