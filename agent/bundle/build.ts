import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { CollectorContext } from '../collector-context.js';
import { AGENT_VERSION } from '../version.js';
import { AppError } from '../errors.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './constants.js';
import type { Bundle, DatabaseServer, DatabasesPart, HostPart, RawRows } from './schema.js';

export interface RunAs {
  uid: number;
  user: string | null;
  isRoot: boolean;
}

export function currentUser(): RunAs {
  const uid = process.getuid?.() ?? 0;
  let user: string | null = null;
  try {
    user = os.userInfo().username;
  } catch {
    user = null;
  }
  return { uid, user, isRoot: uid === 0 };
}

export interface BuildInput {
  agentId: string;
  hostname: string;
  mode: 'collect' | 'run';
  startedAt: Date;
  endedAt: Date;
  intervalMs: number;
  runAs: RunAs;
  segment: Bundle['collection']['segment'];
  host: HostPart | null;
  databases: DraftDatabasesPart | null;
  ctx: CollectorContext;
}

/** Assembles a bundle from what the collectors delivered; validation happens on write. */
export function buildBundle(input: BuildInput): BundleDraft {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    agent: { id: input.agentId, version: AGENT_VERSION, hostname: input.hostname },
    collection: {
      id: randomUUID(),
      mode: input.mode,
      startedAt: input.startedAt.toISOString(),
      endedAt: input.endedAt.toISOString(),
      intervalMs: input.intervalMs,
      runAs: input.runAs,
      segment: input.segment,
      parts: { host: input.host !== null, databases: input.databases !== null },
    },
    host: input.host,
    databases: input.databases,
    errors: [...input.ctx.errors],
    limitations: [...input.ctx.limitations],
  };
}

type DatabaseRead = DatabaseServer['databases'][number];

/**
 * A database read whose catalog rows may be packed: their JSON text as consecutive UTF-8
 * chunks instead of objects. The rows are most of a large bundle (tens of MB): as bytes
 * they cross from the database worker to the writer without a structured clone (the
 * buffers are transferred), and the writer splices the text into the bundle's JSON.
 */
export type DraftDatabase = Omit<DatabaseRead, 'rows'> & { rows: DatabaseRead['rows'] | PackedRows };
export type PackedRows = Uint8Array[];

/** A row record is an object keyed by kind, never an array. */
export function isPacked(rows: DraftDatabase['rows']): rows is PackedRows {
  return Array.isArray(rows);
}

export type DraftDatabaseServer = Omit<DatabaseServer, 'databases'> & { databases: DraftDatabase[] };

/**
 * A kind's rows that reached the collector already as bundle JSON text (the PostgreSQL
 * collector's largest kinds, see agent/db/postgres/json-rows.ts): packRows takes the chunks as
 * they are. `count` is the number of rows; `leftOutByLock` how many had values left null
 * because of a lock (what the collector states as a limitation).
 */
export class PackedKind {
  constructor(
    readonly chunks: PackedRows,
    readonly count: number,
    readonly leftOutByLock = 0,
  ) {}
}

/** A database's rows as a collector gives them: row objects per kind, or a kind packed already. */
export type CollectedRows = Record<string, RawRows | PackedKind>;
export type CollectedDatabase = Omit<DatabaseRead, 'rows'> & { rows: CollectedRows };
export type CollectedDatabaseServer = Omit<DatabaseServer, 'databases'> & { databases: CollectedDatabase[] };
export interface CollectedDatabasesPart {
  discovered: DatabasesPart['discovered'];
  servers: CollectedDatabaseServer[];
}

/** A kind's rows as objects, parsed back from its text if it came packed (for tests and inspection; the writer never needs it). */
export function rowObjects(list: RawRows | PackedKind): RawRows {
  if (!(list instanceof PackedKind)) return list;
  const decoder = new TextDecoder();
  return JSON.parse(`[${list.chunks.map((c) => decoder.decode(c)).join('')}]`) as RawRows;
}

/** Every kind of a database's rows as objects (see rowObjects). */
export function allRowObjects(rows: CollectedRows): Record<string, RawRows> {
  return Object.fromEntries(Object.entries(rows).map(([kind, list]) => [kind, rowObjects(list)]));
}
export interface DraftDatabasesPart {
  discovered: DatabasesPart['discovered'];
  servers: DraftDatabaseServer[];
}

/** A bundle as the agent hands it to the writer; a Bundle is one too. */
export type BundleDraft = Omit<Bundle, 'databases'> & { databases: DraftDatabasesPart | null };

/**
 * Rows stringified at a time, so that no single string of all the rows (tens of MB) is
 * built and encoded again: fresh memory that size costs hundreds of ms to touch on a VM,
 * and a worker or a one-shot collect has nothing but fresh memory.
 */
export const ROWS_PER_CHUNK = 1000;

/**
 * The contract's check of catalog rows (RawRowsSchema per kind), done when packing
 * because the writer validates the packed text no further: each kind lists row objects.
 */
function assertRowShape(db: string, rows: Record<string, unknown>): void {
  for (const [kind, list] of Object.entries(rows)) {
    if (list instanceof PackedKind) continue;
    const ok = Array.isArray(list) && list.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row));
    if (!ok) throw new AppError('bundle_invalid', `catalog rows ${kind} of database ${db} are not a list of row objects`, { database: db, kind });
  }
}

/** Row lists packed ahead of the bundle (see prepackRows), by the list itself. */
const prepacked = new WeakMap<object, PackedRows>();

/**
 * The JSON text of a list's rows without its brackets, ROWS_PER_CHUNK rows per chunk with
 * the commas between them: JSON.stringify of each slice without its brackets.
 */
function packList(list: readonly unknown[]): PackedRows {
  const chunks: PackedRows = [];
  for (let i = 0; i < list.length; i += ROWS_PER_CHUNK) chunks.push(chunkAt(list, i));
  return chunks;
}

// TextEncoder gives each chunk its own ArrayBuffer (Buffer.from may share a pool), so each can be transferred.
const CHUNK_ENCODER = new TextEncoder();

/** The chunk of a list's rows that starts at row `i` (led by a comma after the first). */
function chunkAt(list: readonly unknown[], i: number): Uint8Array {
  return CHUNK_ENCODER.encode(`${i === 0 ? '' : ','}${JSON.stringify(list.slice(i, i + ROWS_PER_CHUNK)).slice(1, -1)}`);
}

/**
 * Packs one kind's rows now, for packDatabases to take as they are: a collector calls it as
 * each query's rows are converted, while the server works on the next query, so that little
 * is left to pack when the read ends. The list must not change afterwards.
 */
export function prepackRows(list: readonly object[]): void {
  if (!prepacked.has(list)) prepacked.set(list, packList(list));
}

/**
 * prepackRows, awaiting `pause` between chunks: a collector packing 15,000 index rows at once
 * would keep the event loop from the next query's rows (and the server from its next query)
 * for a tenth of a second.
 */
export async function prepackRowsPausing(list: readonly object[], pause: () => Promise<void>): Promise<void> {
  if (prepacked.has(list)) return;
  const chunks: PackedRows = [];
  for (let i = 0; i < list.length; i += ROWS_PER_CHUNK) {
    if (i > 0) await pause();
    chunks.push(chunkAt(list, i));
  }
  prepacked.set(list, chunks);
}

/**
 * The same text as JSON.stringify(rows): every value is an array of row objects
 * (assertRowShape), so the kinds' texts (packList, or prepacked) joined as an object give the
 * same JSON. A prepacked text is taken, not copied: its buffers move with the packed rows.
 */
function packRows(rows: CollectedRows): PackedRows {
  const encoder = new TextEncoder();
  const chunks: PackedRows = [];
  let pending = '{';
  Object.entries(rows).forEach(([kind, list], k) => {
    pending += `${k === 0 ? '' : ','}${JSON.stringify(kind)}:[`;
    const text = list instanceof PackedKind ? list.chunks : (prepacked.get(list) ?? packList(list));
    if (!(list instanceof PackedKind)) prepacked.delete(list);
    if (text.length > 0) {
      chunks.push(encoder.encode(pending), ...text);
      pending = '';
    }
    pending += ']';
  });
  chunks.push(encoder.encode(`${pending}}`));
  return chunks;
}

/** Packs every database's catalog rows (see DraftDatabase). */
export function packDatabases(part: CollectedDatabasesPart): DraftDatabasesPart {
  const servers = part.servers.map((server) => ({
    ...server,
    databases: server.databases.map((db) => {
      assertRowShape(db.name, db.rows);
      return { ...db, rows: packRows(db.rows) };
    }),
  }));
  return { discovered: part.discovered, servers };
}

/** The buffers of a part's packed rows, to transfer with it to another thread. */
export function packedBuffers(part: DraftDatabasesPart | null): ArrayBuffer[] {
  const buffers = (part?.servers ?? []).flatMap((s) => s.databases.flatMap((db) => (isPacked(db.rows) ? db.rows.map((chunk) => chunk.buffer as ArrayBuffer) : [])));
  // Chunks of one kind may share a slab (copy-text-json.ts); a transfer list names each buffer once.
  return [...new Set(buffers)];
}
