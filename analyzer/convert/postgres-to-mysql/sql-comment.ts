/**
 * Text for a `manual` statement: every line of it behind `-- `, so a name or definition
 * holding newlines (hostile or not) never ends the comment and runs as SQL.
 */
export function sqlComment(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `-- ${line}`)
    .join('\n');
}
