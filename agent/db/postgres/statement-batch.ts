/**
 * Several catalog statements sent to PostgreSQL as one simple-protocol message: the server runs
 * them one after the other without waiting for the agent, so it never sits idle between two
 * queries while the agent takes in the last rows of the one before (about a fifth of a
 * database read on 5,000 tables, over one connection).
 *
 * A StatementBatch is a pg "submittable" query (the extension point pg-cursor uses). Each step
 * (StepReader) reads the messages of its own statements and gives one value when its last
 * statement is complete, while the next steps are still running: the agent keeps a query's rows
 * as soon as they are in. What the server does with a failing statement shapes the rest:
 * - a statement that fails on the server (an error, a timeout, a lost connection) fails its
 *   step; the server skips what follows in the message, and those steps fail with NotRun.
 *   `serverFailedAt` says which step it was: inside a transaction, that one aborted it;
 * - a step whose reader refuses what it is sent fails alone, at the end of its statements; the
 *   server went on, and so do the other steps.
 *
 * From PostgreSQL 13 statement_timeout times each statement of a message on its own; before
 * 13 it times the whole message, so callers send one query per message to older servers.
 */
import type { ArrayRows } from '../query-recorder.js';
import { CATALOG_TYPES } from './fast-types.js';

/** The first server version that times each statement of a multi-statement message on its own. */
export const PER_STATEMENT_TIMEOUT_SINCE = 130000;

/** A step that the server never ran: a statement before it in the same message failed. */
export class NotRun extends Error {
  constructor() {
    super('not run: an earlier statement of the same message failed');
    this.name = 'NotRun';
  }
}

export interface FieldDescription {
  readonly name: string;
  readonly dataTypeID: number;
}

/** What a step makes of the messages of its statements; a method that throws fails the step. */
export interface StepReader<T> {
  /** One or more statements, not ending in a semicolon. */
  readonly sql: string;
  /** How many statements `sql` holds: each one ends with a CommandComplete. */
  readonly statements: number;
  rowDescription(fields: readonly FieldDescription[], statement: number): void;
  dataRow(fields: readonly (string | null)[], statement: number): void;
  copyData(chunk: Buffer, statement: number): void;
  /** The step's value, once its last statement is complete. */
  result(): T;
}

interface Step {
  readonly reader: StepReader<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  failed: unknown;
}

const ENDS_IN_SEMICOLON = /;\s*$/;

/**
 * The statements of several steps in one message. add() every step, then give the batch to
 * `client.query`; each add() returned the promise of that step's value. A promise that is
 * never awaited is not an unhandled rejection.
 */
export class StatementBatch {
  /** Settles (never rejects) when the server has finished with the message, or the connection was lost. */
  readonly ended: Promise<void>;
  /** The step whose statement failed on the server, if one did; the steps after it did not run. */
  serverFailedAt: number | null = null;
  private readonly steps: Step[] = [];
  private at = 0;
  private statement = 0;
  private submitted = false;
  private finished = false;
  private endedResolve!: () => void;

  constructor() {
    this.ended = new Promise<void>((resolve) => (this.endedResolve = resolve));
  }

  get size(): number {
    return this.steps.length;
  }

  add<T>(reader: StepReader<T>): Promise<T> {
    if (this.submitted) throw new Error('a step added after the batch was sent');
    if (ENDS_IN_SEMICOLON.test(reader.sql)) throw new Error('a statement of a batch must not end in a semicolon');
    if (!Number.isInteger(reader.statements) || reader.statements < 1) throw new Error('a step holds one statement or more');
    let settle!: Pick<Step, 'resolve' | 'reject'>;
    const done = new Promise<T>((resolve, reject) => (settle = { resolve: resolve as (v: unknown) => void, reject }));
    done.catch(() => undefined);
    this.steps.push({ reader, ...settle, failed: null });
    return done;
  }

  /** Called by pg when the connection is free: sends every statement in one message. */
  submit(connection: { query(text: string): void }): void {
    this.submitted = true;
    if (this.steps.length === 0) throw new Error('an empty batch');
    // A newline before each semicolon ends a trailing line comment.
    connection.query(this.steps.map((s) => s.reader.sql).join('\n;\n'));
  }

  /** Runs a reader method; what it throws fails the step (once its statements are complete). */
  private read(fn: (reader: StepReader<unknown>) => void): void {
    if (this.finished) return;
    const step = this.steps[this.at];
    if (!step) {
      this.failAll(new Error('more statements answered than sent'));
      return;
    }
    if (step.failed !== null) return;
    try {
      fn(step.reader);
    } catch (err) {
      step.failed = err;
    }
  }

  handleRowDescription(msg: { fields: readonly FieldDescription[] }): void {
    this.read((r) => r.rowDescription(msg.fields, this.statement));
  }

  handleDataRow(msg: { fields: readonly (string | null)[] }): void {
    this.read((r) => r.dataRow(msg.fields, this.statement));
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    this.read((r) => r.copyData(msg.chunk, this.statement));
  }

  handleCommandComplete(): void {
    this.statementDone();
  }

  handleEmptyQuery(): void {
    this.statementDone();
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('scout-agent sends no COPY data');
  }

  /** The server's error for the running statement, or the connection lost: the rest did not run. */
  handleError(err: unknown): void {
    if (this.finished) return;
    this.serverFailedAt = this.at < this.steps.length ? this.at : null;
    this.failAll(err);
  }

  handleReadyForQuery(): void {
    if (this.finished) return;
    if (this.at < this.steps.length) this.failAll(new Error('the server ended the message before all its statements were answered'));
    this.finish();
  }

  private statementDone(): void {
    if (this.finished) return;
    const step = this.steps[this.at];
    if (!step) {
      this.failAll(new Error('more statements answered than sent'));
      return;
    }
    this.statement++;
    if (this.statement < step.reader.statements) return;
    this.at++;
    this.statement = 0;
    if (step.failed !== null) {
      step.reject(step.failed);
      return;
    }
    try {
      step.resolve(step.reader.result());
    } catch (err) {
      step.reject(err);
    }
  }

  /** Fails the running step with `err` and every later one with NotRun. */
  private failAll(err: unknown): void {
    const running = this.steps[this.at];
    if (running) running.reject(err);
    for (const step of this.steps.slice(this.at + 1)) step.reject(new NotRun());
    this.at = this.steps.length;
    this.finish();
  }

  private finish(): void {
    this.finished = true;
    this.endedResolve();
  }
}

type Parser = (text: string) => unknown;

/** A query's rows as arrays, each value parsed as pg would for its type (CATALOG_TYPES). */
export class ArrayRowsReader implements StepReader<ArrayRows> {
  readonly statements = 1;
  private names: string[] = [];
  private parsers: Parser[] = [];
  private readonly rows: unknown[][] = [];

  constructor(readonly sql: string) {}

  rowDescription(fields: readonly FieldDescription[]): void {
    this.names = fields.map((f) => f.name);
    this.parsers = fields.map((f) => CATALOG_TYPES.getTypeParser(f.dataTypeID, 'text'));
  }

  dataRow(fields: readonly (string | null)[]): void {
    const parsers = this.parsers;
    if (fields.length !== parsers.length) throw new Error(`a row of ${fields.length} values for ${parsers.length} columns`);
    const row = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const v = fields[i]!;
      row[i] = v === null ? null : parsers[i]!(v);
    }
    this.rows.push(row);
  }

  copyData(): void {
    throw new Error('COPY data where rows were expected');
  }

  result(): ArrayRows {
    return { names: this.names, rows: this.rows };
  }
}

/** Statements run for their effect (SAVEPOINT, ROLLBACK TO SAVEPOINT): no rows. */
export class CommandReader implements StepReader<void> {
  constructor(
    readonly sql: string,
    readonly statements = 1,
  ) {}

  rowDescription(): void {}

  dataRow(): void {
    throw new Error('rows from a statement run for its effect');
  }

  copyData(): void {
    throw new Error('COPY data from a statement run for its effect');
  }

  result(): void {}
}
