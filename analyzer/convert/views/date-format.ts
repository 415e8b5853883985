/**
 * MySQL DATE_FORMAT specifiers ↔ PostgreSQL to_char patterns, for the common ones
 * (https://dev.mysql.com/doc/refman/8.0/en/date-and-time-functions.html#function_date-format,
 * https://www.postgresql.org/docs/15/functions-formatting.html). A format using anything
 * else (week numbers, ordinal suffixes) returns null and the view is left for a person.
 */

/** MySQL specifier letter → to_char pattern. FM drops to_char's padding where MySQL has none. */
const MYSQL_TO_PG: Record<string, string> = {
  Y: 'YYYY',
  y: 'YY',
  m: 'MM',
  c: 'FMMM',
  d: 'DD',
  e: 'FMDD',
  H: 'HH24',
  k: 'FMHH24',
  h: 'HH12',
  I: 'HH12',
  l: 'FMHH12',
  i: 'MI',
  s: 'SS',
  S: 'SS',
  f: 'US',
  p: 'AM',
  M: 'FMMonth',
  b: 'Mon',
  W: 'FMDay',
  a: 'Dy',
  j: 'DDD',
  T: 'HH24:MI:SS',
  r: 'HH12:MI:SS AM',
};

/** A DATE_FORMAT format → a to_char pattern; literal text is double-quoted so to_char copies it. */
export function mysqlFormatToPostgres(format: string): string | null {
  let out = '';
  let literal = '';
  const flush = (): void => {
    if (literal) out += `"${literal.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    literal = '';
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      literal += c;
      continue;
    }
    const spec = format[++i];
    if (spec === undefined) return null;
    if (spec === '%') {
      literal += '%';
      continue;
    }
    const pattern = MYSQL_TO_PG[spec];
    if (!pattern) return null;
    flush();
    out += pattern;
  }
  flush();
  return out;
}

/** to_char patterns, longest first so HH24 is read before HH. */
const PG_TO_MYSQL: [string, string][] = [
  ['FMMonth', '%M'],
  ['FMDay', '%W'],
  ['FMHH24', '%k'],
  ['FMHH12', '%l'],
  ['FMMM', '%c'],
  ['FMDD', '%e'],
  ['YYYY', '%Y'],
  ['HH24', '%H'],
  ['HH12', '%h'],
  ['DDD', '%j'],
  ['Mon', '%b'],
  ['Dy', '%a'],
  ['YY', '%y'],
  ['MM', '%m'],
  ['DD', '%d'],
  ['HH', '%h'],
  ['MI', '%i'],
  ['SS', '%s'],
  ['US', '%f'],
  ['AM', '%p'],
  ['PM', '%p'],
];

/** A to_char pattern → a DATE_FORMAT format, or null when it uses a pattern not listed. */
export function postgresFormatToMysql(pattern: string): string | null {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '"') {
      const end = pattern.indexOf('"', i + 1);
      if (end < 0) return null;
      out += pattern.slice(i + 1, end).replaceAll('%', '%%');
      i = end + 1;
      continue;
    }
    const hit = PG_TO_MYSQL.find(([p]) => pattern.startsWith(p, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
      continue;
    }
    // Letters and digits may be patterns not in the table; punctuation and spaces are copied.
    if (/[A-Za-z0-9\\]/.test(c)) return null;
    out += c === '%' ? '%%' : c;
    i++;
  }
  return out;
}
