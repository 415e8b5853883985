/**
 * MySQL names for PostgreSQL ones. MySQL identifiers are at most 64 characters, may not end
 * in a space, may not hold U+0000 or characters outside the Basic Multilingual Plane, and
 * column, index and constraint names compare case-insensitively (table and database names
 * too where lower_case_table_names is 1, as it can be on Aurora). A name that does not fit is
 * cut and given a short hash of the whole name, so two long names never meet; a remaining
 * clash (case) takes a numbered suffix.
 * https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html
 * https://dev.mysql.com/doc/refman/8.0/en/identifiers.html
 */
import { createHash } from 'node:crypto';

export const MYSQL_MAX_IDENTIFIER = 64;

const shortHash = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 8);

/** Characters MySQL refuses in identifiers replaced, trailing spaces replaced, cut to 64 with a hash. */
export function fitMysqlName(name: string): string {
  // The common case, checked without splitting the string: short, BMP only, no NUL, no trailing space.
  if (name.length > 0 && name.length <= MYSQL_MAX_IDENTIFIER && !/[\0\ud800-\udfff]| $/.test(name)) return name;
  let s = [...name].map((ch) => (ch === '\0' || ch.codePointAt(0)! > 0xffff ? '_' : ch)).join('');
  s = s.replace(/ +$/, (m) => '_'.repeat(m.length));
  if (s === '') s = '_';
  const chars = [...s];
  if (chars.length <= MYSQL_MAX_IDENTIFIER) return s;
  return `${chars.slice(0, MYSQL_MAX_IDENTIFIER - 9).join('').replace(/ +$/, '')}_${shortHash(name)}`;
}

/** Names already taken in one MySQL scope (a database's tables, a table's columns, …), compared case-insensitively. */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const r of reserved) this.taken.add(r.toLowerCase());
  }

  /** The MySQL name for `source`, unique in this scope, and marks it taken. */
  claim(source: string): string {
    const base = fitMysqlName(source);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) {
      const suffix = `_${n}`;
      candidate = `${[...base].slice(0, MYSQL_MAX_IDENTIFIER - suffix.length).join('')}${suffix}`;
    }
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }

  has(name: string): boolean {
    return this.taken.has(name.toLowerCase());
  }
}
