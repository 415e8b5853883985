/** Format identity and file naming, apart from the zod schema so that light modules can use them. */
export const BUNDLE_FORMAT = 'scout-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
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
