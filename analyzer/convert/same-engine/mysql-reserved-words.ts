/**
 * Words MySQL 8.0 reserves that MySQL 5.7 and MariaDB did not: names that worked on the
 * source and break unquoted SQL on Aurora MySQL 3. From "Keywords and Reserved Words in
 * MySQL 8.0" (https://dev.mysql.com/doc/mysqld-version-reference/en/keywords-8-0.html),
 * the words marked "added in 8.0.x (reserved)" that are still reserved in 8.0.23+ (Aurora
 * MySQL 3's base); ARRAY became nonreserved again in 8.0.19. List made 2026-11.
 */
export const MYSQL80_NEW_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'CUBE', 'CUME_DIST', 'DENSE_RANK', 'EMPTY', 'EXCEPT', 'FIRST_VALUE', 'FUNCTION', 'GROUPING', 'GROUPS', 'INTERSECT',
  'JSON_TABLE', 'LAG', 'LAST_VALUE', 'LATERAL', 'LEAD', 'MEMBER', 'NTH_VALUE', 'NTILE', 'OF', 'OVER', 'PERCENT_RANK',
  'RANK', 'RECURSIVE', 'ROW', 'ROWS', 'ROW_NUMBER', 'SYSTEM', 'WINDOW',
]);

/** Whether a name became reserved in MySQL 8.0 (case-insensitive). */
export const isMysql80NewReservedWord = (name: string): boolean => MYSQL80_NEW_RESERVED_WORDS.has(name.toUpperCase());
