/**
 * A file or folder name from an untrusted name (hostname, database name): the report's pages
 * and the DDL folders that `scout analyze` writes and the runbooks name. One place, so the
 * runbook's paths are the files that were written.
 */
import { createHash } from 'node:crypto';

const MAX = 80;

/** The first 8 hex digits of the text's SHA-256. */
export const shortHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);

/** Lower-case letters, digits, `.`, `_`, `-`; never empty, never dot-led; `-<hash>` when the name had to change. */
export function safeSlug(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX);
  if (base === name && base.length > 0) return base;
  return `${base || 'x'}-${shortHash(name)}`;
}

