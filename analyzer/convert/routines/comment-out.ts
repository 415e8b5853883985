/**
 * Source text emitted commented out, line by line with `-- `. Every character that any
 * client or server could take as a line end (CR, LF, NEL, U+2028, U+2029, VT, FF) starts a
 * new `-- ` line, so nothing in a hostile body can end the comment; NUL is shown as `\0`
 * (some clients end a statement at a raw NUL). `--` comments work on both engines (MySQL
 * needs the space after the dashes, which is always written).
 */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029\v\f]/;

/** `text` as `-- ` comment lines that no character in it can end. */
export function commentOut(text: string): string {
  return text
    .replaceAll('\0', '\\0')
    .split(LINE_BREAKS)
    .map((line) => `-- ${line}`)
    .join('\n');
}
