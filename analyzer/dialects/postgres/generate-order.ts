/**
 * Dependency order for objects whose dependencies the model does not carry (views reading
 * views, SQL functions calling functions): an object "depends" on another when the other's
 * name appears in its text as a whole word or quoted. A false match only reorders; cycles
 * keep the model's order. Quoted with " or ` alike, so the MySQL generator uses it too.
 */

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Orders `items` so each follows the items its text names. */
export function orderByMention<T>(items: readonly T[], name: (item: T) => string, text: (item: T) => string): T[] {
  const patterns = new Map(items.map((item) => [item, new RegExp(`(^|[^\\w$])"?${escapeRegExp(name(item))}"?($|[^\\w$])`)]));
  const done = new Set<T>();
  const visiting = new Set<T>();
  const out: T[] = [];
  const visit = (item: T): void => {
    if (done.has(item) || visiting.has(item)) return;
    visiting.add(item);
    for (const other of items) if (other !== item && patterns.get(other)!.test(text(item))) visit(other);
    visiting.delete(item);
    done.add(item);
    out.push(item);
  };
  for (const item of items) visit(item);
  return out;
}
