import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, rename, unlink, stat, chmod } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { AppError, errorMessage } from '../errors.js';
import { isPacked, type BundleDraft, type DraftDatabase, type PackedRows } from './build.js';
import { BUNDLE_FILE_SUFFIX } from './constants.js';

export { bundleBaseName, isBundleFileName } from './constants.js';
import { validateBundle } from './validate.js';

/** Level 3: a big catalog bundle compresses about 1.4x larger than at the default 6, in a fifth of the time. */
const GZIP_LEVEL = 3;

/**
 * Test hook: a delay between written chunks, so a test can kill -9 the agent while a
 * bundle is being written. Ignored unless set.
 */
const SLOW_WRITE_ENV = 'SCOUT_AGENT_TEST_SLOW_WRITE_MS';

/** The draft with each packed rows text replaced by what `swap` gives for it, in document order. */
function swapPackedRows(bundle: BundleDraft, swap: (rows: PackedRows) => DraftDatabase['rows'] | string): unknown {
  if (!bundle.databases) return bundle;
  const servers = bundle.databases.servers.map((server) => ({
    ...server,
    databases: server.databases.map((db) => (isPacked(db.rows) ? { ...db, rows: swap(db.rows) } : db)),
  }));
  return { ...bundle, databases: { ...bundle.databases, servers } };
}

/**
 * The bundle's JSON as consecutive pieces: the rest of the bundle stringified, with each
 * packed rows text spliced in where its rows belong. The texts come from JSON.stringify
 * (packDatabases), so the whole is the same JSON as stringifying the unpacked bundle.
 */
function jsonPieces(bundle: BundleDraft): (string | Uint8Array)[] {
  // A random marker stands in for each text: no string of the bundle can contain it by chance.
  const marker = `scout-packed-rows:${randomBytes(16).toString('hex')}:`;
  const texts: PackedRows[] = [];
  const json = JSON.stringify(swapPackedRows(bundle, (rows) => `${marker}${texts.push(rows) - 1}`));
  const pieces: (string | Uint8Array)[] = [];
  let from = 0;
  texts.forEach((text, i) => {
    const quoted = JSON.stringify(`${marker}${i}`);
    const at = json.indexOf(quoted, from);
    pieces.push(json.slice(from, at), ...text);
    from = at + quoted.length;
  });
  pieces.push(json.slice(from));
  return pieces;
}

/**
 * Output chunks of 1 MB rather than zlib's 16 KB: a catalog bundle's 60 MB of JSON compress to
 * about 1.4 MB, and each output chunk is a round trip to zlib's thread (90-100 -> 65-90 ms).
 */
const GZIP_CHUNK_BYTES = 1 << 20;

/** Gzips pieces as one stream (one gzip member): no single string or buffer of them is built. */
async function gzipStream(pieces: (string | Uint8Array)[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), createGzip({ level: GZIP_LEVEL, chunkSize: GZIP_CHUNK_BYTES }), async (compressed: AsyncIterable<Buffer>) => {
    for await (const chunk of compressed) out.push(chunk);
  });
  return Buffer.concat(out);
}

/** Below this much JSON the bundle is one gzip member. */
const PARALLEL_GZIP_MIN_BYTES = 8 << 20;
/** Members compressed side by side: zlib runs on libuv's thread pool, 4 threads by default. */
const GZIP_MEMBERS = 4;

/**
 * Gzips the pieces in up to GZIP_MEMBERS runs of about equal size, compressed side by side
 * and written one after the other: a gzip file may hold several members, and every gunzip
 * (Node's zlib, gzip -d, Python's gzip) reads them as one stream. A catalog bundle's 60 MB
 * of JSON took 130 ms as one stream and 70 ms as four members on 2 cores, 0.3% larger.
 */
async function gzipPieces(pieces: (string | Uint8Array)[]): Promise<Buffer> {
  const bytes = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
  const total = bytes.reduce((n, p) => n + p.length, 0);
  if (total < PARALLEL_GZIP_MIN_BYTES) return gzipStream(bytes);
  // Runs of about total / GZIP_MEMBERS bytes, a piece cut where a run ends (a member may end inside a character: the bytes join again).
  const runSize = Math.ceil(total / GZIP_MEMBERS);
  const runs: Uint8Array[][] = [[]];
  let room = runSize;
  for (let piece of bytes) {
    while (piece.length > room) {
      runs.at(-1)!.push(piece.subarray(0, room));
      piece = piece.subarray(room);
      runs.push([]);
      room = runSize;
    }
    runs.at(-1)!.push(piece);
    room -= piece.length;
  }
  return Buffer.concat(await Promise.all(runs.filter((r) => r.length > 0).map(gzipStream)));
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function freeName(dir: string, base: string): Promise<string> {
  for (let n = 0; n < 1000; n++) {
    const name = `${base}${n === 0 ? '' : `-${n}`}${BUNDLE_FILE_SUFFIX}`;
    if (!(await exists(path.join(dir, name)))) return path.join(dir, name);
  }
  throw new AppError('output_unwritable', `no free bundle file name for ${base} in ${dir}`, { dir });
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, fsConstants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Validates the bundle, then writes it gzip-compressed with mode 0600: to a hidden temp
 * file first, fsynced, then renamed into place and the directory fsynced. A crash at any
 * point leaves either no bundle or a complete one, never a truncated one. Packed catalog
 * rows were checked when packed; the rest of the bundle is validated here.
 */
export async function writeBundleFile(dir: string, bundle: BundleDraft, baseName: string): Promise<{ path: string; bytes: number }> {
  const checked = validateBundle(swapPackedRows(bundle, () => ({})));
  if (!checked.ok) {
    throw new AppError('bundle_invalid', `refusing to write an invalid bundle: ${checked.problems.slice(0, 5).join('; ')}`, {
      problems: checked.problems,
    });
  }
  const data = await gzipPieces(jsonPieces(bundle));
  try {
    await mkdir(dir, { recursive: true, mode: 0o750 });
  } catch (err) {
    throw new AppError('output_unwritable', `cannot create output directory ${dir}: ${errorMessage(err)}`, { dir }, { cause: err });
  }
  const finalPath = await freeName(dir, baseName);
  const tmpPath = path.join(dir, `.${path.basename(finalPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const slowMs = Number(process.env[SLOW_WRITE_ENV] ?? 0);
  let handle;
  try {
    handle = await open(tmpPath, 'wx', 0o600);
    await handle.chmod(0o600);
    const chunk = slowMs > 0 ? 1024 : data.length;
    // write(2) may write less than asked (a nearly full disk does): loop until all is written,
    // so the next call reports ENOSPC instead of leaving a short file.
    for (let offset = 0; offset < data.length; ) {
      const { bytesWritten } = await handle.write(data, offset, Math.min(chunk, data.length - offset));
      if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      offset += bytesWritten;
      if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmpPath, finalPath);
    await chmod(finalPath, 0o600);
    await fsyncDir(dir);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await unlink(tmpPath).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'disk full' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'not writable' : errorMessage(err);
    throw new AppError('output_unwritable', `cannot write bundle to ${dir}: ${why} (${code ?? 'error'})`, { dir, code }, { cause: err });
  }
  return { path: finalPath, bytes: data.length };
}
