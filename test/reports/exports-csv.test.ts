import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvFileWriter, MAX_CELL_CHARS, csvCell, csvLine, toCsv } from '../../reports/exports/csv.js';
import { thin } from '../../reports/exports/ads.js';
import { parseCsv } from './helpers/csv-parse.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'p7b-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('csvCell: RFC 4180 quoting', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers, flags and nothing', () => {
    expect([csvCell(3), csvCell(-2.5), csvCell(1 / 3), csvCell(true), csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual([
      '3',
      '-2.5',
      '0.333',
      'true',
      '',
      '',
      '',
    ]);
  });
});

describe('csvCell: formula injection guard', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x.invalid","y")'])('%j starts with a quote mark', (input) => {
    const [[cell]] = parseCsv(csvLine([input])) as [[string]];
    expect(cell).toBe(`'${input}`);
  });

  it('leaves text that only contains those characters alone', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('x-1')).toBe('x-1');
  });

  it('a negative number stays a number', () => {
    expect(csvCell(-1)).toBe('-1');
  });
});

describe('csvCell: bounded', () => {
  it('cuts a 100 KB cell to the spreadsheet limit and says how much was left off', () => {
    const long = `=${'x'.repeat(100 * 1024)}`;
    const [[cell]] = parseCsv(csvLine([long])) as [[string]];
    expect(cell.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(cell.startsWith("'=xxx")).toBe(true);
    const kept = MAX_CELL_CHARS - 64;
    expect(cell).toContain(`[${long.length - kept} more characters left off]`);
  });

  it('never splits a surrogate pair', () => {
    const long = 'a'.repeat(MAX_CELL_CHARS - 66) + '😀'.repeat(100);
    const cell = csvCell(long);
    expect(cell).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(cell).toContain('😀');
  });
});

describe('CsvFileWriter', () => {
  it('writes a header and rows that read back cell for cell', () => {
    const file = path.join(dir, 'a.csv');
    const w = new CsvFileWriter(file, ['name', 'note', 'n']);
    const rows = [
      ['<script>alert(1)</script>', 'comma, "quote"\nnewline', 1],
      ['{{constructor}}', '@cmd', -3],
    ];
    for (const r of rows) w.row(r);
    const { rows: count, bytes } = w.close();
    const text = readFileSync(file, 'utf8');
    expect(count).toBe(2);
    expect(bytes).toBe(Buffer.byteLength(text));
    expect(text).toBe(toCsv(['name', 'note', 'n'], rows));
    expect(parseCsv(text)).toEqual([
      ['name', 'note', 'n'],
      ['<script>alert(1)</script>', 'comma, "quote"\nnewline', '1'],
      ['{{constructor}}', "'@cmd", '-3'],
    ]);
  });

  it('refuses a row of the wrong width', () => {
    const w = new CsvFileWriter(path.join(dir, 'b.csv'), ['a', 'b']);
    expect(() => w.row(['only one'])).toThrow(/1 values for 2 columns/);
    w.close();
  });

  it('flushes as it goes: 200,000 rows of 100 characters', () => {
    const file = path.join(dir, 'big.csv');
    const w = new CsvFileWriter(file, ['i', 'text']);
    const text = 't'.repeat(100);
    for (let i = 0; i < 200_000; i++) w.row([i, text]);
    const { rows, bytes } = w.close();
    expect(rows).toBe(200_000);
    expect(bytes).toBeGreaterThan(200_000 * 100);
    const content = readFileSync(file, 'utf8');
    expect(content.endsWith(`199999,${text}\r\n`)).toBe(true);
  });
});

describe('thin', () => {
  it('keeps a short series whole and a long one at the bound, first and last included', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    expect(thin(items, 2000)).toEqual(items);
    const t = thin(items, 10);
    expect(t).toHaveLength(10);
    expect(t[0]).toBe(0);
    expect(t[9]).toBe(999);
    expect([...t].sort((a, b) => a - b)).toEqual(t);
  });
});
