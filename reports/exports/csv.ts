/**
 * CSV writing for the exports: RFC 4180 quoting, a guard against formula injection when a
 * file is opened in a spreadsheet, and bounded cells. Text in these files comes from
 * customer hosts and databases, so every cell goes through `csvCell`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Excel's own limit on a cell; longer text is cut with a marker saying how much was left off. */
export const MAX_CELL_CHARS = 32_767;

/** A cell value: text, a number (rounded for reading), a flag, or nothing (an empty cell). */
export type CsvValue = string | number | boolean | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula (or a DDE command). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Numbers with at most 3 decimals, no exponent for ordinary magnitudes, no trailing zeros.
 * Built from integers: a double's shortest-text conversion costs several times more, and
 * the performance export writes millions of these.
 */
export function formatCsvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  const scaled = Math.round(Math.abs(value) * 1000);
  if (!Number.isSafeInteger(scaled)) return String(value);
  const whole = Math.floor(scaled / 1000);
  const frac = scaled % 1000;
  const sign = value < 0 && scaled !== 0 ? '-' : '';
  if (frac === 0) return `${sign}${whole}`;
  const digits = String(frac).padStart(3, '0').replace(/0+$/, '');
  return `${sign}${whole}.${digits}`;
}

/**
 * One cell as CSV text. Text that a spreadsheet would run as a formula gets a leading `'`
 * (OWASP's advice for CSV injection); numbers are written as numbers, so a negative number
 * stays a number. Text over MAX_CELL_CHARS is cut.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatCsvNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value;
  if (text.length > MAX_CELL_CHARS) {
    // Room for the marker and a guard quote; never split a surrogate pair.
    let keep = MAX_CELL_CHARS - 64;
    if (/[\uD800-\uDBFF]/.test(text[keep - 1]!)) keep--;
    text = `${text.slice(0, keep)}…[${text.length - keep} more characters left off]`;
  }
  if (text.length > 0 && FORMULA_START.has(text[0]!)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A whole CSV document in memory: for small files and tests. */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvLine(columns) + rows.map(csvLine).join('');
}

/** Buffered text flushed to the file past this size: memory stays bounded whatever the row count. */
const FLUSH_CHARS = 1 << 20;

/**
 * A CSV file written row by row. Rows must have one value per column (checked: a short or
 * long row is a bug in the writer, not in the data).
 */
export class CsvFileWriter {
  readonly #fd: number;
  readonly #columns: readonly string[];
  #buffer: string[] = [];
  #buffered = 0;
  #rows = 0;
  #bytes = 0;

  constructor(file: string, columns: readonly string[]) {
    this.#fd = openSync(file, 'w');
    this.#columns = columns;
    this.#push(csvLine(columns));
  }

  row(values: readonly CsvValue[]): void {
    if (values.length !== this.#columns.length) {
      throw new Error(`CSV row has ${values.length} values for ${this.#columns.length} columns`);
    }
    this.#push(csvLine(values));
    this.#rows++;
  }

  /** Flushes and closes; returns the number of data rows and bytes written. */
  close(): { rows: number; bytes: number } {
    this.#flush();
    closeSync(this.#fd);
    return { rows: this.#rows, bytes: this.#bytes };
  }

  #push(line: string): void {
    this.#buffer.push(line);
    this.#buffered += line.length;
    if (this.#buffered >= FLUSH_CHARS) this.#flush();
  }

  #flush(): void {
    if (this.#buffer.length === 0) return;
    const chunk = Buffer.from(this.#buffer.join(''), 'utf8');
    writeSync(this.#fd, chunk);
    this.#bytes += chunk.length;
    this.#buffer = [];
    this.#buffered = 0;
  }
}
