/**
 * CopyTextJson on COPY text written here (the server's own COPY text, for every type the
 * catalog returns, is in postgres-json-rows.integration.test.ts): rows split anywhere across
 * writes, COPY's escapes, bytes that are not UTF-8, the row limit, and rows that do not match
 * their description.
 */
import { describe, expect, it } from 'vitest';
import { CopyTextJson, type RowShape, type RowTap } from '../../../agent/db/postgres/copy-text-json.js';

const TEXT = 25;
const INT4 = 23;
const INT8 = 20;
const BOOL = 16;
const FLOAT8 = 701;

const decoder = new TextDecoder();
const textOf = (chunks: Uint8Array[]) => chunks.map((c) => decoder.decode(c)).join('');

function run(copy: Buffer, names: string[], types: number[], opts: { maxRows?: number; maxChars?: number; splitAt?: number[]; tap?: RowTap } = {}) {
  const w = new CopyTextJson(names, types, opts.maxRows ?? 1000, opts.maxChars ?? 100, opts.tap ?? null);
  let from = 0;
  for (const at of [...(opts.splitAt ?? []), copy.length]) {
    // A fresh copy each time, then scribbled over: the writer must not keep the bytes it was given.
    const part = Buffer.from(copy.subarray(from, at));
    w.write(part);
    part.fill(0x41);
    from = at;
  }
  const chunks = w.end();
  return { text: textOf(chunks), chunks, count: w.count, kept: w.kept };
}

describe('CopyTextJson', () => {
  const names = ['id', 'label', 'big', 'ok', 'ratio'];
  const types = [INT4, TEXT, INT8, BOOL, FLOAT8];
  const copy = Buffer.from(
    [
      '1\tplain\t9007199254740993\tt\t0.5',
      '2\tback\\\\slash tab\\there nl\\nx cr\\r bs\\b ff\\f vt\\v "q"\t\\N\tf\tNaN',
      '3\t\\\\N\t-1\t\\N\t\\N',
      `4\tÜnïcødé ☃ 𝄞 \u0001\u001f\u007f\t0\tt\tInfinity`,
    ].join('\n') + '\n',
    'utf8',
  );
  const expected = [
    { id: 1, label: 'plain', big: '9007199254740993', ok: true, ratio: 0.5 },
    { id: 2, label: 'back\\slash tab\there nl\nx cr\r bs\b ff\f vt\v "q"', big: null, ok: false, ratio: 'NaN' },
    { id: 3, label: '\\N', big: '-1', ok: null, ratio: null },
    { id: 4, label: 'Ünïcødé ☃ 𝄞 \u0001\u001f\u007f', big: '0', ok: true, ratio: 'Infinity' },
  ];

  it('writes the rows as JSON.stringify would, wherever the writes split them', () => {
    const whole = JSON.stringify(expected).slice(1, -1);
    expect(run(copy, names, types).text).toBe(whole);
    for (let at = 1; at < copy.length; at++) expect(run(copy, names, types, { splitAt: [at] }).text, `split at byte ${at}`).toBe(whole);
    expect(run(copy, names, types, { splitAt: Array.from({ length: copy.length - 1 }, (_, i) => i + 1) }).text).toBe(whole);
  });

  it('cuts a text over maxChars as toJsonValue does, counting characters, not bytes', () => {
    const rows = Buffer.from(`${'ä'.repeat(6)}\n${'ä'.repeat(7)}\n`, 'utf8');
    expect(JSON.parse(`[${run(rows, ['t'], [TEXT], { maxChars: 6 }).text}]`)).toEqual([{ t: 'ää'.repeat(3) }, { t: `${'ä'.repeat(6)}…[truncated]` }]);
  });

  it('decodes bytes that are not UTF-8 as pg would (U+FFFD), not copied into the JSON', () => {
    const rows = Buffer.concat([Buffer.from('a'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('z\n')]);
    const { text, chunks } = run(rows, ['t'], [TEXT]);
    expect(JSON.parse(`[${text}]`)).toEqual([{ t: 'a\ufffd(\ufffdz' }]);
    expect(Buffer.concat(chunks).includes(0xff)).toBe(false);
  });

  it('counts every row, keeps maxRows, and shows the tap each kept row', () => {
    const rows = Buffer.from(Array.from({ length: 5 }, (_, i) => `${i}\tr\\t${i}\n`).join(''));
    const seen: (string | null)[][] = [];
    const out = run(rows, ['n', 't'], [INT4, TEXT], { maxRows: 3, tap: { describe: () => undefined, row: (r) => seen.push([r.text(0), r.text(1)]) } });
    expect(out).toMatchObject({ count: 5, kept: 3 });
    expect(seen).toEqual([
      ['0', 'r\t0'],
      ['1', 'r\t1'],
      ['2', 'r\t2'],
    ]);
  });

  it("gives the tap each field as an integer, a boolean or a null without a string, the same as the field's text says", () => {
    const rows = Buffer.from(['42\t-7\tt\t\\N\tx1', '0\t\\N\tf\t\\\\N\t12345678901234567', '4294967295\t-\tft\t\\N\t'].map((r) => `${r}\n`).join(''));
    const seen: unknown[][] = [];
    const tap: RowTap = {
      describe: () => undefined,
      row: (r) => seen.push([0, 1, 2, 3, 4].map((i) => [r.integer(i), r.isTrue(i), r.isNull(i), r.text(i)])),
    };
    run(rows, ['a', 'b', 'c', 'd', 'e'], [TEXT, TEXT, TEXT, TEXT, TEXT], { tap, splitAt: [3, 20] });
    expect(seen).toEqual([
      [[42, false, false, '42'], [-7, false, false, '-7'], [null, true, false, 't'], [null, false, true, null], [null, false, false, 'x1']],
      [[0, false, false, '0'], [null, false, true, null], [null, false, false, 'f'], [null, false, false, '\\N'], [null, false, false, '12345678901234567']],
      [[4294967295, false, false, '4294967295'], [null, false, false, '-'], [null, false, false, 'ft'], [null, false, true, null], [null, false, false, '']],
    ]);
  });

  it('a shape leaves columns out and computes others from any field, later or hidden ones too', () => {
    const rows = Buffer.from(['1\tx\t{3,4}\tsecret', '2\t\\N\t\\N\tsecret'].map((r) => `${r}\n`).join(''));
    const shape: RowShape = {
      rules: (names) =>
        names.map((n) => {
          if (n === 'hidden' || n === '_nums') return 'hide';
          if (n !== 'sum') return null;
          // The sum of the later, hidden `_nums` array.
          return (r) => JSON.stringify(r.text(2)?.replace(/[{}]/g, '').split(',').reduce((a, v) => a + Number(v), 0) ?? null);
        }),
    };
    const w = new CopyTextJson(['id', 'sum', '_nums', 'hidden'], [INT4, TEXT, TEXT, TEXT], 10, 100, null, shape);
    w.write(rows);
    expect(JSON.parse(`[${textOf(w.end())}]`)).toEqual([
      { id: 1, sum: 7 },
      { id: 2, sum: null },
    ]);
    // The first column written opens the object, whichever it is; every column hidden: `{}`.
    const first = new CopyTextJson(['_nums', 'id'], [TEXT, INT4], 10, 100, null, { rules: () => ['hide', null] });
    first.write(Buffer.from('{1}\t5\n'));
    expect(textOf(first.end())).toBe('{"id":5}');
    const none = new CopyTextJson(['a', 'b'], [TEXT, INT4], 10, 100, null, { rules: () => ['hide', 'hide'] });
    none.write(Buffer.from('x\t5\n\\N\t6\n'));
    expect(textOf(none.end())).toBe('{},{}');
    // Bounds are still checked: a row with a field too few fails.
    const short = new CopyTextJson(['a', 'b'], [TEXT, TEXT], 10, 100, null, { rules: () => [null, () => '0'] });
    expect(() => short.write(Buffer.from('only\n'))).toThrow(/1 fields, not the 2/);
  });

  it('a computed value far longer than its field never runs past the slab, even right at its end', () => {
    // Each row's label is computed: 1,802 bytes of JSON from a 1-byte field, more than the room the
    // row's own text makes. The first row's width puts a later row's label just before the end of
    // the first 8 MB slab, with too little left for the field after it unless room is made again.
    const SLAB = 8 << 20;
    const wide = '語'.repeat(600);
    const tail = 'x'.repeat(200);
    const shape: RowShape = { rules: (names) => names.map((n) => (n === 'label' ? () => JSON.stringify(wide) : null)) };
    const rowBytes = (n: string, lead: string) => Buffer.byteLength(`${lead}${JSON.stringify({ n, label: wide, tail })}`);
    const size = rowBytes('0001', ',');
    const valueAt = Buffer.byteLength(`,{"n":"0001","label":`);
    // Row k starts at first + (k - 1) * size; its label should start 1,900 bytes before the slab's end.
    const want = (((SLAB - 1900 - valueAt) % size) + size) % size;
    let pad = 'p';
    while (rowBytes(pad, '') % size !== want) pad += 'p';
    const rows = [`${pad}\tk\t${tail}`, ...Array.from({ length: 5000 }, (_, i) => `${String(i + 1).padStart(4, '0')}\tk\t${tail}`)];
    const w = new CopyTextJson(['n', 'label', 'tail'], [TEXT, TEXT, TEXT], 100_000, 1000, null, shape);
    w.write(Buffer.from(rows.map((r) => `${r}\n`).join('')));
    const parsed = JSON.parse(`[${textOf(w.end())}]`) as unknown[];
    expect(parsed).toEqual(rows.map((r) => ({ n: r.split('\t')[0], label: wide, tail })));
  });

  it('ends a chunk of large rows early, so no chunk grows past half a slab and a row', () => {
    const big = 'z'.repeat(300_000);
    const rows = Buffer.from(Array.from({ length: 60 }, (_, i) => `${i}\t${big}\n`).join(''));
    const { text, chunks } = run(rows, ['n', 't'], [INT4, TEXT], { maxChars: 1_000_000 });
    expect(text).toBe(JSON.stringify(Array.from({ length: 60 }, (_, n) => ({ n, t: big }))).slice(1, -1));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThan((8 << 20) / 2 + 310_000);
  });

  it('writes past one slab: the chunks are views the transfer list names once each, and survive a transfer', () => {
    const label = 'y'.repeat(500);
    const rows = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `${i}\t${label}\n`).join(''));
    const { text, chunks } = run(rows, ['n', 't'], [INT4, TEXT], { maxChars: 1000, maxRows: 100_000 });
    expect(text).toBe(JSON.stringify(Array.from({ length: 20_000 }, (_, n) => ({ n, t: label }))).slice(1, -1));
    const buffers = [...new Set(chunks.map((c) => c.buffer))];
    expect(buffers.length).toBeGreaterThan(1);
    expect(buffers.length).toBeLessThan(chunks.length);
    const moved = structuredClone(chunks, { transfer: buffers as ArrayBuffer[] });
    expect(textOf(moved)).toBe(text);
  });

  it('writes a row of no columns as {}', () => {
    expect(run(Buffer.from('\n\n'), [], []).text).toBe('{},{}');
  });

  it('refuses rows that do not match their description, and a last row cut short', () => {
    expect(() => run(Buffer.from('1\t2\t3\n'), ['a', 'b'], [INT4, INT4])).toThrow(/more fields than the 2 described/);
    expect(() => run(Buffer.from('1\n'), ['a', 'b'], [INT4, INT4])).toThrow(/1 fields, not the 2 described/);
    expect(() => run(Buffer.from('1\t2'), ['a', 'b'], [INT4, INT4])).toThrow(/ended inside a row/);
  });
});
