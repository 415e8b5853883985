import { readFileSync } from 'node:fs';

/** A small system file's trimmed text, or null when it is missing, unreadable or empty. */
export function readTrim(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
