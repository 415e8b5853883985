/**
 * A catalog query whose rows go straight into bundle JSON text: a pg "submittable" query (the
 * extension point pg-cursor and pg-copy-streams use) that has the server send the rows as
 * `COPY (query) TO STDOUT` text and turns that text into the rows' JSON as it arrives
 * (copy-text-json.ts), without pg's row parser, row arrays, row objects or stringifying. The
 * text is the same as JSON.stringify of the rows QueryRecorder would have made (toJsonValue
 * of each value), ROWS_PER_CHUNK rows per UTF-8 chunk as prepacked rows are.
 *
 * COPY says only how many columns there are, so the same message first runs the query with
 * LIMIT 0: the server plans it and sends its row description (names and types), no rows. The
 * two statements go as one simple-protocol message inside the read's transaction, and one
 * ReadyForQuery ends both; an error in either is the query's error.
 *
 * For the largest kinds (100,000 columns and more), where converting and packing the rows
 * cost the agent more CPU than the server spent producing them. What the collector needs from
 * those rows besides their text (column names for attribute-names.ts, rows a lock left out) it
 * reads with a RowTap as the rows pass.
 */
import type { PackedRows } from '../../bundle/build.js';
import type { JsonRows } from '../query-recorder.js';
import { CopyTextJson, type RowTap } from './copy-text-json.js';

export type { JsonRows, RowTap };

/**
 * The two statements JsonRowsQuery sends for `sql`: one query, spliced twice, so it must not
 * end in a semicolon; a newline closes a trailing line comment before the parenthesis.
 */
export function describedCopy(sql: string): string {
  if (/;\s*$/.test(sql)) throw new Error('a query read as COPY text must not end in a semicolon');
  return `SELECT * FROM (${sql}\n) AS described LIMIT 0; COPY (${sql}\n) TO STDOUT`;
}

/**
 * One query whose rows become JSON text. Give it to `client.query` and await `done`: it
 * settles once, with the rows or with the error (a server error, the connection lost, or
 * COPY text that does not match the description).
 */
export class JsonRowsQuery {
  readonly done: Promise<JsonRows>;
  private settle!: { resolve: (rows: JsonRows) => void; reject: (err: unknown) => void };
  private settled = false;
  private writer: CopyTextJson | null = null;
  private described = false;
  private failed: unknown = null;
  private readonly text: string;

  constructor(
    sql: string,
    private readonly maxRows: number,
    private readonly maxChars: number,
    private readonly tap: RowTap | null = null,
  ) {
    this.text = describedCopy(sql);
    this.done = new Promise<JsonRows>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** Called by pg when the connection is free: sends both statements. */
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleRowDescription(msg: { fields: readonly { name: string; dataTypeID: number }[] }): void {
    if (this.described) {
      this.failed ??= new Error('one query expected, the server described several');
      return;
    }
    this.described = true;
    try {
      this.writer = this.describe(msg);
    } catch (err) {
      this.failed = err;
    }
  }

  private describe(msg: { fields: readonly { name: string; dataTypeID: number }[] }): CopyTextJson {
    return new CopyTextJson(
      msg.fields.map((f) => f.name),
      msg.fields.map((f) => f.dataTypeID),
      this.maxRows,
      this.maxChars,
      this.tap,
    );
  }

  handleDataRow(): void {
    this.failed ??= new Error('LIMIT 0 returned rows');
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.failed !== null) return;
    try {
      if (!this.writer) throw new Error('COPY rows came before their description');
      this.writer.write(msg.chunk);
    } catch (err) {
      this.failed = err;
    }
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

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
    const writer = this.writer;
    this.writer = null;
    if (err === null || err === undefined) {
      try {
        if (!writer) throw new Error('the query was not described');
        const chunks = writer.end();
        this.settle.resolve({ names: writer.names, count: writer.count, kept: writer.kept, packSteps: () => steps(chunks) });
        return;
      } catch (failed) {
        err = failed;
      }
    }
    this.settle.reject(err);
  }
}

/** The chunks, once: the iterator lets each go as it is taken. */
function* steps(chunks: PackedRows): Generator<Uint8Array, void> {
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    chunks[i] = new Uint8Array(0);
    yield chunk;
  }
  chunks.length = 0;
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
