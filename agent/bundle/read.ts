import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AppError, errorMessage } from '../errors.js';
import type { Bundle } from './schema.js';
import { validateBundle } from './validate.js';

const gunzipAsync = promisify(gunzip);

/** Bundles come from other machines: bound what one may cost to read. */
export const MAX_BUNDLE_COMPRESSED_BYTES = 256 * 1024 * 1024;
export const MAX_BUNDLE_JSON_BYTES = 1024 * 1024 * 1024;

/** Reads, decompresses and validates one bundle file. Errors name the file. */
export async function readBundleFile(file: string): Promise<Bundle> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    throw new AppError('bundle_unreadable', `${file}: cannot read: ${errorMessage(err)}`, { file }, { cause: err });
  }
  if (raw.length > MAX_BUNDLE_COMPRESSED_BYTES) {
    throw new AppError('bundle_unreadable', `${file}: ${raw.length} bytes is over the ${MAX_BUNDLE_COMPRESSED_BYTES}-byte limit`, { file });
  }
  let json: Buffer;
  try {
    json = raw[0] === 0x1f && raw[1] === 0x8b ? await gunzipAsync(raw, { maxOutputLength: MAX_BUNDLE_JSON_BYTES }) : raw;
  } catch (err) {
    throw new AppError('bundle_unreadable', `${file}: not a readable gzip file: ${errorMessage(err)}`, { file }, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new AppError('bundle_unreadable', `${file}: not valid JSON: ${errorMessage(err)}`, { file }, { cause: err });
  }
  const result = validateBundle(value);
  if (!result.ok) {
    const code = result.unsupportedVersion !== undefined ? 'bundle_version_unsupported' : 'bundle_invalid';
    throw new AppError(code, `${file}: ${result.problems.length} problem(s): ${result.problems.slice(0, 3).join('; ')}`, {
      file,
      problems: result.problems,
    });
  }
  return result.bundle;
}
