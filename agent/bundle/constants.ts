/** Format identity and file naming, apart from the zod schema so that light modules can use them. */
export const BUNDLE_FORMAT = 'scout-bundle';
/**
 * 2 (2026-11-26): PostgreSQL columns rows no longer name the sequence a column owns (the
 * sequences rows do), primary and foreign key rows carry no definition (their columns say
 * it), and a target may carry the addresses its host name resolved to. A reader of version 1
 * would take serial columns for plain defaults, so it is told to upgrade; version 1 bundles
 * are still read (validate.ts).
 */
export const BUNDLE_FORMAT_VERSION = 2;
/** The oldest version still read; each older one is brought up to the current one in validate.ts. */
export const OLDEST_BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_FILE_SUFFIX = '.scout.json.gz';

/** `<hostname>-<UTC yyyymmddThhmmssZ>`; the hostname is reduced to file-safe characters. */
export function bundleBaseName(hostname: string, at: Date): string {
  const safeHost = hostname.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'host';
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${safeHost}-${stamp}`;
}

export function isBundleFileName(name: string): boolean {
  return name.endsWith(BUNDLE_FILE_SUFFIX) && !name.startsWith('.');
}
