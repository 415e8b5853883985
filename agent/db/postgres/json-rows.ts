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
 * two statements are one step of a StatementBatch (statement-batch.ts), sent in one message
 * inside the read's transaction, alone or with the read's other queries; an error in either is
 * the query's error.
 *
 * For the largest kinds (tables, columns, constraints, indexes, relation sizes, table
 * statistics: 100,000 columns and more), where converting and packing the rows cost the agent
 * more CPU than the server spent producing them. What the collector needs from those rows
 * besides their text (column names for attribute-names.ts, rows a lock left out) it reads with
 * a RowTap as the rows pass; the columns the bundle holds otherwise than the server sends them
 * (named attributes, index column entries) a RowShape computes (row-shapes.ts).
 */
import type { PackedRows } from '../../bundle/build.js';
import type { JsonRows } from '../query-recorder.js';
import { CopyTextJson, type RowShape, type RowTap } from './copy-text-json.js';
import { StatementBatch, type FieldDescription, type StepReader } from './statement-batch.js';

export type { JsonRows, RowTap };

/**
 * The two statements JsonRowsQuery sends for `sql`: one query, spliced twice, so it must not
 * end in a semicolon; a newline closes a trailing line comment before the parenthesis.
 */
export function describedCopy(sql: string): string {
  if (/;\s*$/.test(sql)) throw new Error('a query read as COPY text must not end in a semicolon');
  return `SELECT * FROM (${sql}\n) AS described LIMIT 0; COPY (${sql}\n) TO STDOUT`;
}

/** One query's rows as JSON text, a step of a StatementBatch: its LIMIT 0 describes them, its COPY sends them. */
export class JsonRowsReader implements StepReader<JsonRows> {
  readonly sql: string;
  readonly statements = 2;
  private writer: CopyTextJson | null = null;

  constructor(
    sql: string,
    private readonly maxRows: number,
    private readonly maxChars: number,
    private readonly tap: RowTap | null = null,
    private readonly shape: RowShape | null = null,
  ) {
    this.sql = describedCopy(sql);
  }

  rowDescription(fields: readonly FieldDescription[], statement: number): void {
    if (statement !== 0 || this.writer) throw new Error('one query expected, the server described several');
    this.writer = new CopyTextJson(
      fields.map((f) => f.name),
      fields.map((f) => f.dataTypeID),
      this.maxRows,
      this.maxChars,
      this.tap,
      this.shape,
    );
  }

  dataRow(): void {
    throw new Error('LIMIT 0 returned rows');
  }

  copyData(chunk: Buffer): void {
    if (!this.writer) throw new Error('COPY rows came before their description');
    this.writer.write(chunk);
  }

  result(): JsonRows {
    const writer = this.writer;
    this.writer = null;
    if (!writer) throw new Error('the query was not described');
    const chunks = writer.end();
    return { names: writer.names, count: writer.count, kept: writer.kept, packSteps: () => steps(chunks) };
  }
}

/**
 * One query whose rows become JSON text, alone in its message. Give it to `client.query` and
 * await `done`: it settles once, with the rows or with the error (a server error, the
 * connection lost, or COPY text that does not match the description).
 */
export class JsonRowsQuery extends StatementBatch {
  readonly done: Promise<JsonRows>;

  constructor(sql: string, maxRows: number, maxChars: number, tap: RowTap | null = null) {
    super();
    this.done = this.add(new JsonRowsReader(sql, maxRows, maxChars, tap));
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
