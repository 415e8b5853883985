/**
 * PostgreSQL indexes rows → model indexes. Left out: the indexes behind a PRIMARY KEY, UNIQUE
 * or EXCLUDE constraint (the constraint creates them), and a partition's index attached to
 * its parent's index (the parent's index creates it).
 */
import type { Index, IndexMethod, IndexPart, ModelProblem } from '../../model/schema.js';
import { bool, objList, str, type RawRow } from './read-rows.js';

const METHODS: Record<string, IndexMethod> = { btree: 'btree', hash: 'hash', gin: 'gin', gist: 'gist', brin: 'brin', spgist: 'spgist' };

/** Whether the row is an index of its own (not a constraint's, not a partition's copy). */
export function isStandaloneIndex(r: RawRow): boolean {
  return str(r, 'constraint_name') === null && !bool(r, 'is_primary') && str(r, 'parent_index') === null;
}

/** One indexes row → an Index; problems name what could not be read. */
export function readIndex(r: RawRow, problems: ModelProblem[]): Index {
  const name = str(r, 'name') ?? '';
  const object = `${str(r, 'schema') ?? ''}.${str(r, 'table_name') ?? ''}.${name}`;
  const rawMethod = str(r, 'method') ?? 'unknown';
  const method = METHODS[rawMethod] ?? 'unknown';
  if (method === 'unknown') problems.push({ object, message: `index method not understood: ${rawMethod}` });
  const parts: IndexPart[] = [];
  const include: string[] = [];
  for (const c of objList(r, 'columns')) {
    const column = str(c, 'column');
    if (c['key'] === false) {
      if (column !== null) include.push(column);
      continue;
    }
    const part: IndexPart = { column };
    if (column === null) {
      const expression = str(c, 'expression');
      if (expression === null) problems.push({ object, message: 'index expression not readable (relation locked)' });
      part.expression = expression ?? '';
    }
    if (bool(c, 'descending')) part.descending = true;
    // NULLS FIRST is the default for DESC and NULLS LAST for ASC: record it only when it differs.
    const nullsFirst = bool(c, 'nulls_first');
    if (nullsFirst !== bool(c, 'descending')) part.nullsFirst = nullsFirst;
    const opclass = str(c, 'opclass');
    if (opclass !== null && c['opclass_is_default'] === false) part.opclass = opclass;
    const collation = str(c, 'collation');
    if (collation !== null && collation !== 'default') part.collation = collation;
    parts.push(part);
  }
  const index: Index = { name, unique: bool(r, 'is_unique'), method, rawMethod, parts };
  const predicate = str(r, 'predicate');
  if (predicate !== null) index.predicate = predicate;
  if (include.length > 0) index.include = include;
  if (bool(r, 'nulls_not_distinct')) index.nullsNotDistinct = true;
  const attrs: Record<string, string> = {};
  const tablespace = str(r, 'tablespace');
  if (tablespace !== null) attrs['tablespace'] = tablespace;
  const reloptions = r['reloptions'];
  if (Array.isArray(reloptions) && reloptions.length > 0) attrs['reloptions'] = reloptions.join(',');
  if (r['is_valid'] === false) attrs['invalid'] = 'true';
  if (Object.keys(attrs).length > 0) index.attrs = attrs;
  return index;
}
