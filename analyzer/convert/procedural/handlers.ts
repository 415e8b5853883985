/**
 * MySQL handler conditions → PostgreSQL exception conditions. MySQL error numbers and
 * SQLSTATEs differ from PostgreSQL's (a duplicate key is 23000/1062 on MySQL, 23505 on
 * PostgreSQL): only the conditions with a checked equivalent are mapped, the rest stay
 * unsupported.
 */

/** MySQL error numbers with a PostgreSQL condition of the same meaning. */
const ERRORS: Record<string, string> = {
  '1062': 'unique_violation',
  '1451': 'foreign_key_violation',
  '1452': 'foreign_key_violation',
  '1048': 'not_null_violation',
  '1329': 'no_data_found',
  '1146': 'undefined_table',
  '1051': 'undefined_table',
  '1050': 'duplicate_table',
  '1172': 'too_many_rows',
  '1365': 'division_by_zero',
};

/** SQLSTATEs whose meaning differs: MySQL's class-level states map to PostgreSQL's class names. */
const STATES: Record<string, string> = {
  '23000': 'integrity_constraint_violation',
  '02000': 'no_data_found',
  '22012': 'division_by_zero',
  '42S02': 'undefined_table',
  '42S01': 'duplicate_table',
  '21000': 'cardinality_violation',
};

/**
 * The PostgreSQL condition for a normalised handler condition (`NOT FOUND`, `SQLEXCEPTION`,
 * `SQLSTATE xxxxx`, `ERROR n`, `NAME x`), or null when there is no checked equivalent.
 */
export function handlerCondition(condition: string, named: ReadonlyMap<string, string>): string | null {
  if (condition === 'NOT FOUND') return 'no_data_found';
  if (condition === 'SQLEXCEPTION') return 'OTHERS';
  const [kind, value = ''] = condition.split(' ', 2) as [string, string?];
  // 45xxx are the states SIGNAL raises: RAISE uses the same ones, so they match as written.
  if (kind === 'SQLSTATE') return STATES[value] ?? (/^45[0-9A-Z]{3}$/.test(value) ? `SQLSTATE '${value}'` : null);
  if (kind === 'ERROR') return ERRORS[value] ?? null;
  if (kind === 'NAME') {
    const target = named.get(value);
    return target === undefined ? null : handlerCondition(target, named);
  }
  return null;
}
