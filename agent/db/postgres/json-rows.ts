/**
 * A catalog query whose rows go straight into bundle JSON text: a pg "submittable" query (the
 * extension point pg-cursor and pg-query-stream use) that keeps each DataRow's field texts and
 * writes the rows' JSON from them, without pg's parsed row arrays, row objects, or
 * stringifying those again. The text is the same as JSON.stringify of the rows QueryRecorder
 * would have made (toJsonValue for each value), ROWS_PER_CHUNK rows per UTF-8 chunk as
 * prepacked rows are.
 *
 * For the largest kinds (100,000 columns and more), where converting and packing the rows
 * cost the agent more CPU than the server spent producing them. What the collector needs from
 * those rows besides their text (column names for attribute-names.ts, rows a lock left out) it
 * reads with a RowTap as the rows pass.
 */
import pg from 'pg';
import { ROWS_PER_CHUNK, type PackedRows } from '../../bundle/build.js';

export type { JsonRows };
import { toJsonValue, type JsonRows } from '../query-recorder.js';

/** Reads chosen fields of each row as it passes: `describe` once with the column names, then `row` with each row's field texts. */
export interface RowTap {
  describe(names: readonly string[]): void;
  row(fields: readonly (string | null)[]): void;
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
export function fieldWriter(typeOid: number, maxChars: number): FieldWriter {
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

/**
 * One simple-protocol statement whose rows become JSON text. Give it to `client.query` and
 * await `done`: it settles once, with the rows or with the error (a server error, or the
 * connection lost). As rows arrive it keeps their field texts (the arrays pg's protocol
 * parser made) and shows them to the tap; the JSON text is built by `pack`, later, so that
 * the server is not kept waiting while it is.
 */
export class JsonRowsQuery {
  readonly done: Promise<JsonRows>;
  private settle!: { resolve: (rows: JsonRows) => void; reject: (err: unknown) => void };
  private settled = false;
  private names: string[] = [];
  private types: number[] = [];
  private readonly rows: (readonly (string | null)[] | undefined)[] = [];
  private count = 0;
  private failed: unknown = null;

  constructor(
    private readonly text: string,
    private readonly maxRows: number,
    private readonly maxChars: number,
    private readonly tap: RowTap | null = null,
  ) {
    this.done = new Promise<JsonRows>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** Called by pg when the connection is free: sends the statement. */
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleRowDescription(msg: { fields: readonly { name: string; dataTypeID: number }[] }): void {
    if (this.names.length > 0 || this.count > 0) {
      this.failed ??= new Error('one statement expected, the server sent several results');
      return;
    }
    this.names = msg.fields.map((f) => f.name);
    this.types = msg.fields.map((f) => f.dataTypeID);
    this.tap?.describe(this.names);
  }

  handleDataRow(msg: { fields: readonly (string | null)[] }): void {
    if (this.failed !== null) return;
    this.count++;
    if (this.rows.length >= this.maxRows) return;
    this.rows.push(msg.fields);
    this.tap?.row(msg.fields);
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('scout-agent sends no COPY data');
  }

  handleError(err: unknown): void {
    this.finish(err);
  }

  handleReadyForQuery(): void {
    this.finish(this.failed);
  }

  private finish(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (err !== null && err !== undefined) {
      this.settle.reject(err);
      return;
    }
    const { names, types, rows, maxChars } = this;
    let steps: Iterator<Uint8Array> | null = null;
    this.settle.resolve({
      names,
      count: this.count,
      kept: rows.length,
      packSteps: () => (steps ??= packFieldTexts(names, types, rows, maxChars)),
    });
  }
}

/** All of a query's chunks at once (JsonRows.packSteps run to its end). */
export function packAll(rows: JsonRows): PackedRows {
  const chunks: PackedRows = [];
  for (const steps = rows.packSteps(); ; ) {
    const step = steps.next();
    if (step.done) return chunks;
    chunks.push(step.value);
  }
}

/**
 * The JSON text of rows given as field texts, ROWS_PER_CHUNK rows per UTF-8 chunk, the chunks
 * after the first led by a comma (as prepacked rows are), one chunk per step. The rows are let
 * go as they are written.
 */
export function* packFieldTexts(names: readonly string[], types: readonly number[], rows: (readonly (string | null)[] | undefined)[], maxChars: number): Generator<Uint8Array, void> {
  const prefixes = names.map((name, i) => `${i === 0 ? '{' : ','}${JSON.stringify(name)}:`);
  const writers = types.map((t) => fieldWriter(t, maxChars));
  const empty = names.length === 0 ? '{}' : '';
  const encoder = new TextEncoder();
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    let text = '';
    const end = Math.min(rows.length, start + ROWS_PER_CHUNK);
    for (let r = start; r < end; r++) {
      const fields = rows[r]!;
      rows[r] = undefined;
      if (r > 0) text += ',';
      text += empty;
      for (let i = 0; i < prefixes.length; i++) {
        const v = fields[i];
        text += prefixes[i]! + (v === null || v === undefined ? 'null' : writers[i]!(v));
      }
      if (empty === '') text += '}';
    }
    yield encoder.encode(text);
  }
  rows.length = 0;
}
