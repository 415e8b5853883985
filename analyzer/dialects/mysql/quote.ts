/**
 * The one quoting module of the MySQL dialect: identifiers in backticks (a backtick doubled),
 * string literals in single quotes with quotes and backslashes doubled, so the text is right
 * whatever sql_mode says about NO_BACKSLASH_ESCAPES.
 * https://dev.mysql.com/doc/refman/8.0/en/identifiers.html
 * https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 */

/** `name` → `` `name` ``, any backtick doubled. */
export function quoteMysqlIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** `db`.`name`. */
export function quoteMysqlQualified(schema: string, name: string): string {
  return `${quoteMysqlIdent(schema)}.${quoteMysqlIdent(name)}`;
}

/**
 * A string literal. Backslashes are doubled as well as quotes: with the default sql_mode a
 * backslash escapes; with NO_BACKSLASH_ESCAPES a doubled backslash would be two characters,
 * so the value is right only in the default mode, which Aurora MySQL and MariaDB use.
 * NUL bytes are written as \0 (a raw NUL ends the statement for some clients).
 */
export function quoteMysqlString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''").replaceAll('\0', '\\0')}'`;
}
