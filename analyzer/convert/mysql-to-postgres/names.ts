/**
 * Target names for MySQL objects on PostgreSQL: folded to lower case (unless the options say
 * preserve, or folding would make two names one), cut to 63 bytes with a stable hash, and
 * unique where PostgreSQL needs it. Tables, views, sequences, indexes and types share one
 * namespace per schema on PostgreSQL (pg_class and the row types in pg_type), so one set of
 * taken names per schema covers them all; columns and constraints are unique per table.
 */
import type { ConversionContext } from '../context.js';
import type { ObjectType, OwnerRef } from '../action-item.js';
import { fitIdentifier } from '../../dialects/postgres/quote.js';

/** A name of at most 21 UTF-16 units is at most 63 UTF-8 bytes: fitIdentifier would keep it, and measuring it is the cost of every claim. */
const fits = (name: string): boolean => name.length <= 21;

/** A namespace: names handed out so far, compared exactly (PostgreSQL names are case-sensitive once quoted). */
export class NameSpace {
  private readonly taken: Set<string>;

  /** `reserved`: names the target already uses (system columns), never handed out. */
  constructor(reserved: readonly string[] = []) {
    this.taken = new Set(reserved);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** Takes `wanted` (fitted to 63 bytes) or, when it is taken, `wanted_2`, `wanted_3`, … */
  claim(wanted: string): string {
    let name = fits(wanted) ? wanted : fitIdentifier(wanted);
    for (let n = 2; this.taken.has(name); n++) name = fitIdentifier(`${wanted}_${n}`);
    this.taken.add(name);
    return name;
  }
}

/** Sibling names after folding and fitting. */
export interface FoldedNames {
  /** Source name → target name. */
  map: Map<string, string>;
  /** Source names kept in their own case because folding would have made two names one. */
  collisions: string[];
}

/**
 * Folds a list of sibling names (one table's columns, one schema's relations). Names that are
 * already lower case keep their spelling first, so `users` stays `users` and `Users` keeps
 * its case beside it. Then everything is fitted into `space`.
 */
export function foldNames(names: readonly string[], preserve: boolean, space: NameSpace): FoldedNames {
  const map = new Map<string, string>();
  const collisions: string[] = [];
  const lowers = names.map((n) => n.toLowerCase());
  const lowerCount = new Map<string, number>();
  for (const lower of lowers) lowerCount.set(lower, (lowerCount.get(lower) ?? 0) + 1);
  // Lower-case names first, then the others, each in list order (called for every table: no intermediate lists).
  for (const firstPass of [true, false]) {
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const lower = lowers[i]!;
      if ((name === lower) !== firstPass) continue;
      const clash = (lowerCount.get(lower) ?? 0) > 1 && name !== lower;
      if (clash) collisions.push(name);
      map.set(name, space.claim(preserve || clash ? name : lower));
    }
  }
  return { map, collisions };
}

/** A name as a message shows it (qualified) and the leaf that changed. */
export interface NamePair {
  qualified: string;
  leaf: string;
}

/** Records a rename and, when more than the case changed (a cut, a suffix, a kept case for a collision), raises identifier_renamed. */
export function recordRename(ctx: ConversionContext, type: ObjectType, owner: OwnerRef, source: NamePair, target: NamePair, why?: string): void {
  ctx.rename(type, source.qualified, target.qualified);
  if (!why && source.leaf.toLowerCase() === target.leaf.toLowerCase()) return;
  const reason = why ?? (Buffer.byteLength(source.leaf, 'utf8') > 63 ? 'longer than 63 bytes' : 'kept apart from another name');
  ctx.raise({
    code: 'identifier_renamed',
    object: source.qualified,
    objectType: type,
    owner,
    message: `${type} ${source.qualified} is ${target.qualified} on PostgreSQL (${reason})`,
  });
}
