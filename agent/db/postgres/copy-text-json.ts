/**
 * COPY text rows to bundle JSON, byte to byte: the rows `COPY (query) TO STDOUT` sends (one
 * line per row, fields split by tabs, `\N` for null, backslash escapes) become the JSON text
 * of row objects, ROWS_PER_CHUNK rows per UTF-8 chunk as prepacked rows are (the chunks after
 * the first led by a comma). No string is made for the common values: a name or a text is
 * copied with its escapes turned from COPY's into JSON's, an integer is copied as it is. The
 * text is the same as JSON.stringify of the rows QueryRecorder makes from pg's parsed values
 * (toJsonValue of each): every value that the byte path cannot write so (a type pg parses, such
 * as json, float8, arrays and times; a text that may be over maxChars; bytes that are not
 * UTF-8) is decoded and written by fieldWriter, as the value pg would have given.
 *
 * Why: on a large catalog (100,000 columns) pg's row parser, the row strings and arrays, JSON
 * building and UTF-8 encoding took the agent more CPU than the server took to produce the rows.
 */
import { isUtf8 } from 'node:buffer';
import pg from 'pg';
import { ROWS_PER_CHUNK, type PackedRows } from '../../bundle/build.js';
import { toJsonValue } from '../query-recorder.js';

/** The fields of the row being written, for a RowTap: valid only during its `row` call. */
export interface CopyRow {
  /** Field i's text (COPY's escapes undone), null for SQL NULL. */
  text(i: number): string | null;
  /** Field i as an integer, read from its digits without making a string; null for SQL NULL or anything but an integer. */
  integer(i: number): number | null;
  /** Whether field i is the boolean true (`t`). */
  isTrue(i: number): boolean;
  /** Whether field i is SQL NULL. */
  isNull(i: number): boolean;
}

/**
 * A column written otherwise than from its own text: left out of the row's JSON (`hide`), or
 * its JSON text computed from the row's fields (which may be columns written later, or hidden).
 */
export type ColumnRule = 'hide' | ((row: CopyRow) => string);

/** Rules for some of a query's columns, given once its column names are known (null: written as it is). */
export interface RowShape {
  rules(names: readonly string[]): readonly (ColumnRule | null)[];
}

/** Reads chosen fields of each kept row as it passes: `describe` once with the column names, then `row` for each row. */
export interface RowTap {
  describe(names: readonly string[]): void;
  row(row: CopyRow): void;
}

/** pg type OIDs written without a parser. */
const BOOL = 16;
const INT8 = 20;
const INT2 = 21;
const INT4 = 23;
const OID = 26;
/** What pg-types gives for a type it has no parser for: the text as it is. */
const NO_PARSER = pg.types.getTypeParser(0 as Parameters<typeof pg.types.getTypeParser>[0], 'text');

/** The JSON text of one field's value, from its text as the server sent it. */
type FieldWriter = (text: string) => string;

/** How a field of this type becomes JSON: as toJsonValue would turn the value pg parses from the text. */
function fieldWriter(typeOid: number, maxChars: number): FieldWriter {
  switch (typeOid) {
    case BOOL:
      return (v) => (v === 't' ? 'true' : 'false');
    case INT2:
    case INT4:
    case OID:
      // The server's text of an integer is already its JSON number.
      return (v) => v;
    case INT8:
      // pg keeps int8 as text (a JS number cannot hold it), and so does the bundle; digits need no escaping.
      return (v) => `"${v}"`;
    default: {
      const parse = pg.types.getTypeParser(typeOid as Parameters<typeof pg.types.getTypeParser>[0], 'text') as (text: string) => unknown;
      if (parse === NO_PARSER) return (v) => JSON.stringify(v.length > maxChars ? toJsonValue(v, maxChars) : v);
      return (v) => JSON.stringify(toJsonValue(parse(v), maxChars));
    }
  }
}

/** How the byte path writes a field: 0 by its writer (decoded), 1 bool, 2 integer as is, 3 int8 quoted, 4 text as a JSON string. */
const enum Way {
  Writer = 0,
  Bool = 1,
  Integer = 2,
  Int8 = 3,
  Text = 4,
}

function wayOf(typeOid: number): Way {
  switch (typeOid) {
    case BOOL:
      return Way.Bool;
    case INT2:
    case INT4:
    case OID:
      return Way.Integer;
    case INT8:
      return Way.Int8;
    default:
      return pg.types.getTypeParser(typeOid as Parameters<typeof pg.types.getTypeParser>[0], 'text') === NO_PARSER ? Way.Text : Way.Writer;
  }
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const HEX = '0123456789abcdef';
const ENCODER = new TextEncoder();

/**
 * What a byte after a backslash in COPY text stands for (COPY TO writes only these: \\, \b, \f,
 * \n, \r, \t, \v), -1 where COPY would not write it. Read leniently as COPY FROM does: the
 * character itself.
 */
function unescaped(b: number): number {
  switch (b) {
    case 0x62: // b
      return 0x08;
    case 0x66: // f
      return 0x0c;
    case 0x6e: // n
      return 0x0a;
    case 0x72: // r
      return 0x0d;
    case 0x74: // t
      return 0x09;
    case 0x76: // v
      return 0x0b;
    default:
      return b;
  }
}

/** The bytes JSON.stringify writes for one byte of a string's UTF-8 text (longest: `\u001f`, 6). */
const JSON_ESCAPES: (Uint8Array | null)[] = Array.from({ length: 256 }, (_, b) => {
  if (b === QUOTE) return ENCODER.encode('\\"');
  if (b === BACKSLASH) return ENCODER.encode('\\\\');
  if (b >= 0x20) return null;
  const short: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
  return ENCODER.encode(short[b] ?? `\\u00${HEX[b >> 4]}${HEX[b & 15]}`);
});

/**
 * Size of the slabs the JSON is written into, chunk after chunk. Fresh memory is costly to
 * touch (page faults) and large ArrayBuffers made one by one drive V8's garbage collection:
 * each byte is written once, into a slab, and the chunks are views of it.
 */
const SLAB_BYTES = 8 << 20;

/** Bytes JSON for a field at most takes per byte of its COPY text (a control byte: \u00XX). */
const MAX_JSON_PER_BYTE = 6;

/**
 * Turns COPY text into row-object JSON. `write` takes the bytes as they come (a row may span
 * writes; the bytes are read at once, not kept); `end` gives the chunks. Rows past `maxRows`
 * are counted, not written. A row that does not split into the described fields is an error
 * (thrown by `write`), as is a last row without its newline (thrown by `end`).
 */
export class CopyTextJson implements CopyRow {
  private readonly ways: Way[];
  private readonly writers: FieldWriter[];
  /** `{"name":` for the first column written, `,"name":` for the others. */
  private readonly prefixes: Uint8Array[];
  /** The shape's rule per column (all null without a shape). */
  private readonly rules: readonly (ColumnRule | null)[];
  /** A rule computes a column: the row's field bounds are all found before it is written. */
  private readonly computes: boolean;
  /** No column is written: the row is `{}`. */
  private readonly noColumns: boolean;
  /** The prefixes' bytes together. */
  private readonly prefixBytes: number;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** The slab rows are written into; `chunkStart` is where the chunk being written starts in it. */
  private out: Buffer = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private pos = 0;
  private chunkStart = 0;
  /** Index in `chunks` of the first chunk in the current slab. */
  private slabFirstChunk = 0;
  /** Bytes of a row that did not end in the last write. */
  private carry: Buffer | null = null;
  private readonly chunks: PackedRows = [];
  private rowsInChunk = 0;
  count = 0;
  kept = 0;
  /** The row being written, for the tap's field reader. */
  private rowBuf: Buffer = Buffer.alloc(0);

  constructor(
    readonly names: readonly string[],
    types: readonly number[],
    private readonly maxRows: number,
    private readonly maxChars: number,
    private readonly tap: RowTap | null = null,
    shape: RowShape | null = null,
  ) {
    if (new Set(names).size !== names.length) throw new Error(`the rows' column names are not unique (${names.join(', ')}): a JSON object would keep only the last of each`);
    this.ways = types.map(wayOf);
    this.writers = types.map((t) => fieldWriter(t, maxChars));
    const rules = shape?.rules(names) ?? [];
    this.rules = names.map((_, i) => rules[i] ?? null);
    this.computes = this.rules.some((r) => typeof r === 'function');
    const shown = names.filter((_, i) => this.rules[i] !== 'hide');
    this.noColumns = shown.length === 0;
    this.prefixes = names.map((name, i) => (this.rules[i] === 'hide' ? new Uint8Array(0) : ENCODER.encode(`${name === shown[0] ? '{' : ','}${JSON.stringify(name)}:`)));
    this.prefixBytes = this.prefixes.reduce((sum, p) => sum + p.length, 0);
    this.starts = new Int32Array(Math.max(1, names.length));
    this.ends = new Int32Array(Math.max(1, names.length));
    tap?.describe(names);
  }

  write(bytes: Buffer): void {
    let from = 0;
    let buf = bytes;
    if (this.carry) {
      buf = Buffer.concat([this.carry, bytes]);
      this.carry = null;
    }
    for (;;) {
      const nl = buf.indexOf(NEWLINE, from);
      if (nl < 0) break;
      this.row(buf, from, nl);
      from = nl + 1;
    }
    // A partial row is copied: pg reuses the memory of the bytes it hands over.
    if (from < buf.length) this.carry = Buffer.from(buf.subarray(from));
  }

  /**
   * The JSON text of the kept rows; the writer is spent. The last slab's chunks move to a
   * buffer of their size when they use less than half of it (a small database's kinds would
   * each keep a whole slab until the bundle is written).
   */
  end(): PackedRows {
    if (this.carry) throw new Error('COPY text ended inside a row');
    this.flush();
    if (this.pos * 2 < this.out.length) {
      const exact = Buffer.allocUnsafeSlow(this.pos);
      this.out.copy(exact, 0, 0, this.pos);
      for (let i = this.slabFirstChunk; i < this.chunks.length; i++) {
        const chunk = this.chunks[i]!;
        this.chunks[i] = exact.subarray(chunk.byteOffset, chunk.byteOffset + chunk.length);
      }
    }
    this.out = Buffer.alloc(0);
    return this.chunks;
  }

  /**
   * Writes one row: room for all of it is made at once (its keys, each byte at its longest
   * JSON, the quotes, nulls and braces), then each field is written after its key with a
   * local cursor; only a field that goes through its writer makes room again.
   */
  private row(buf: Buffer, start: number, end: number): void {
    this.count++;
    if (this.kept >= this.maxRows) return;
    const n = this.names.length;
    if (n === 0 && end > start) throw new Error('a COPY row has fields where none were described');
    this.kept++;
    this.rowBuf = buf;
    if (this.computes) this.bounds(buf, start, end);
    // A chunk of large rows ends early, at a row: the next slab then starts with little to copy.
    if (this.pos - this.chunkStart > SLAB_BYTES / 2) this.flush();
    this.ensure(this.rowRoom(start, end));
    let out = this.out;
    let pos = this.pos;
    if (this.chunks.length > 0 || this.rowsInChunk > 0) out[pos++] = 0x2c; // ,
    if (this.noColumns) out[pos++] = 0x7b; // {
    const starts = this.starts;
    const ends = this.ends;
    const ways = this.ways;
    const rules = this.rules;
    let s = start;
    for (let f = 0; f < n; f++) {
      let e: number;
      if (this.computes) {
        e = ends[f]!;
      } else {
        // A field ends at the next tab (COPY escapes a tab in a value) or at the row's end.
        e = s;
        while (e < end && buf[e] !== TAB) e++;
        if (f < n - 1 ? e === end : e !== end) fieldCountError(buf, e, end, f, n);
        starts[f] = s;
        ends[f] = e;
      }
      const rule = rules[f] ?? null;
      if (rule === 'hide') {
        s = e + 1;
        continue;
      }
      const prefix = this.prefixes[f]!;
      for (let k = 0; k < prefix.length; k++) out[pos++] = prefix[k]!;
      if (rule !== null) {
        this.pos = pos;
        this.viaWriter(rule(this), this.rowRoom(e, end));
        out = this.out;
        pos = this.pos;
      } else if (e - s === 2 && buf[s] === BACKSLASH && buf[s + 1] === 0x4e) {
        // \N: SQL NULL
        out[pos++] = 0x6e;
        out[pos++] = 0x75;
        out[pos++] = 0x6c;
        out[pos++] = 0x6c;
      } else {
        const way = ways[f];
        let written = true;
        if (way === Way.Integer) {
          for (let i = s; i < e; i++) out[pos++] = buf[i]!;
        } else if (way === Way.Text) {
          // Within maxChars for sure (UTF-16 units <= UTF-8 bytes <= COPY bytes); -1: not UTF-8.
          const after = e - s <= this.maxChars ? writeText(buf, s, e, out, pos) : -1;
          if (after >= 0) pos = after;
          else written = false;
        } else if (way === Way.Bool) {
          const word = buf[s] === 0x74 && e - s === 1 ? TRUE : FALSE;
          for (let k = 0; k < word.length; k++) out[pos++] = word[k]!;
        } else if (way === Way.Int8) {
          out[pos++] = QUOTE;
          for (let i = s; i < e; i++) out[pos++] = buf[i]!;
          out[pos++] = QUOTE;
        } else {
          written = false;
        }
        if (!written) {
          // Decoded and written by the field's writer, as the value pg would have given: a
          // parsed type, a text that may be over maxChars (cut as pg's value would be), or
          // bytes that are not UTF-8.
          this.pos = pos;
          this.viaWriter(this.writers[f]!(decode(buf, s, e)), this.rowRoom(e, end));
          out = this.out;
          pos = this.pos;
        }
      }
      s = e + 1;
    }
    out[pos++] = 0x7d; // }
    this.pos = pos;
    this.tap?.row(this);
    if (++this.rowsInChunk === ROWS_PER_CHUNK) this.flush();
  }

  /** Finds every field's bounds in the row (for a rule, which may read any field). */
  private bounds(buf: Buffer, start: number, end: number): void {
    const n = this.names.length;
    let s = start;
    for (let f = 0; f < n; f++) {
      let e = s;
      while (e < end && buf[e] !== TAB) e++;
      if (f < n - 1 ? e === end : e !== end) fieldCountError(buf, e, end, f, n);
      this.starts[f] = s;
      this.ends[f] = e;
      s = e + 1;
    }
  }

  text(i: number): string | null {
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    return isNull(this.rowBuf, s, e) ? null : decode(this.rowBuf, s, e);
  }

  integer(i: number): number | null {
    const buf = this.rowBuf;
    let s = this.starts[i]!;
    const e = this.ends[i]!;
    const negative = buf[s] === 0x2d;
    if (negative) s++;
    if (s >= e || e - s > 15) return null;
    let v = 0;
    for (let k = s; k < e; k++) {
      const d = buf[k]! - 0x30;
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  isTrue(i: number): boolean {
    const s = this.starts[i]!;
    return this.ends[i]! - s === 1 && this.rowBuf[s] === 0x74;
  }

  isNull(i: number): boolean {
    return isNull(this.rowBuf, this.starts[i]!, this.ends[i]!);
  }

  /**
   * Writes a value's JSON text, making room for it and again for the rest of the row after it
   * (from `rest`): a computed or decoded value may take more than the room its field was given.
   */
  private viaWriter(json: string, rest: number): void {
    this.ensure(json.length * 3);
    this.pos += this.out.write(json, this.pos, 'utf8');
    this.ensure(rest);
  }

  /** Room the row's text from `from` to `end` may take at most: every key, each byte at its longest JSON, quotes, nulls and the braces. */
  private rowRoom(from: number, end: number): number {
    return this.prefixBytes + (end - from) * MAX_JSON_PER_BYTE + this.names.length * 4 + 4;
  }


  /** Room for `bytes` more: else a new slab, the chunk begun so far moved into it. */
  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.out.length) return;
    const begun = this.pos - this.chunkStart;
    const slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, begun + bytes));
    this.out.copy(slab, 0, this.chunkStart, this.pos);
    this.out = slab;
    this.chunkStart = 0;
    this.pos = begun;
    this.slabFirstChunk = this.chunks.length;
  }

  /**
   * Ends the chunk: a view of the slab, no copy. The chunks of a slab share its ArrayBuffer,
   * which is the writer's own (not Buffer's pool), so it can be transferred to another thread
   * (once: see packedBuffers).
   */
  private flush(): void {
    if (this.rowsInChunk === 0) return;
    this.chunks.push(this.out.subarray(this.chunkStart, this.pos));
    this.chunkStart = this.pos;
    this.rowsInChunk = 0;
  }
}

function isNull(buf: Buffer, s: number, e: number): boolean {
  return e - s === 2 && buf[s] === BACKSLASH && buf[s + 1] === 0x4e; // \N
}

/** A field's text as pg would decode it (invalid UTF-8 as U+FFFD), COPY's escapes undone. */
function decode(buf: Buffer, s: number, e: number): string {
  const bs = buf.indexOf(BACKSLASH, s);
  if (bs < 0 || bs >= e) return buf.toString('utf8', s, e);
  const bytes = Buffer.allocUnsafe(e - s);
  let n = 0;
  for (let i = s; i < e; i++) {
    let b = buf[i]!;
    if (b === BACKSLASH && i + 1 < e) b = unescaped(buf[++i]!);
    bytes[n++] = b;
  }
  return bytes.toString('utf8', 0, n);
}

const TRUE = ENCODER.encode('true');
const FALSE = ENCODER.encode('false');

/** Throws for a row whose field f ends at e: too few fields (a row's end before the last) or too many (a tab after it). */
function fieldCountError(buf: Buffer, e: number, end: number, f: number, n: number): never {
  let fields = f + 1;
  for (let i = e; i < end; i++) if (buf[i] === TAB) fields++;
  throw new Error(fields > n ? `a COPY row has more fields than the ${n} described` : `a COPY row has ${fields} fields, not the ${n} described`);
}

/**
 * Writes a text field as a JSON string at `pos` (room made by the caller: MAX_JSON_PER_BYTE
 * per byte and the quotes); returns the position after it, or -1 (nothing to keep) if its
 * bytes are not UTF-8.
 */
function writeText(buf: Buffer, s: number, e: number, out: Buffer, pos: number): number {
  let high = 0;
  out[pos++] = QUOTE;
  for (let i = s; i < e; i++) {
    let b = buf[i]!;
    if (b === BACKSLASH && i + 1 < e) b = unescaped(buf[++i]!);
    high |= b;
    if (b < 0x20 || b === QUOTE || b === BACKSLASH) {
      const esc = JSON_ESCAPES[b]!;
      for (let k = 0; k < esc.length; k++) out[pos++] = esc[k]!;
    } else {
      out[pos++] = b;
    }
  }
  out[pos++] = QUOTE;
  if (high & 0x80 && !isUtf8(buf.subarray(s, e))) return -1;
  return pos;
}
