import { formatIssues } from '../zod-issues.js';
import { OLDEST_BUNDLE_FORMAT_VERSION } from './constants.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BundleSchema, type Bundle } from './schema.js';

export { formatIssues, formatPath } from '../zod-issues.js';

export type ValidationResult = { ok: true; bundle: Bundle } | { ok: false; problems: string[]; unsupportedVersion?: number };

/** Checks the header first, so a newer or foreign file gets one clear problem instead of hundreds. */
export function validateBundle(value: unknown): ValidationResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: ['(root): not a JSON object'] };
  }
  const header = value as { format?: unknown; formatVersion?: unknown };
  if (header.format !== BUNDLE_FORMAT) {
    return { ok: false, problems: [`format: expected "${BUNDLE_FORMAT}", got ${JSON.stringify(header.format) ?? 'nothing'}`] };
  }
  if (typeof header.formatVersion === 'number' && header.formatVersion > BUNDLE_FORMAT_VERSION) {
    return {
      ok: false,
      unsupportedVersion: header.formatVersion,
      problems: [
        `formatVersion: ${header.formatVersion} is newer than this tool reads (${BUNDLE_FORMAT_VERSION}); upgrade migration-scout`,
      ],
    };
  }
  const parsed = BundleSchema.safeParse(upgrade(header));
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues) };
  return { ok: true, bundle: parsed.data };
}

/**
 * A bundle of an older format version as the current one. 1 → 2 changes no field's shape: the
 * analyzer reads both kinds of PostgreSQL rows (see BUNDLE_FORMAT_VERSION), so only the
 * version is raised.
 */
function upgrade(bundle: { formatVersion?: unknown }): unknown {
  const v = bundle.formatVersion;
  if (typeof v === 'number' && Number.isInteger(v) && v >= OLDEST_BUNDLE_FORMAT_VERSION && v < BUNDLE_FORMAT_VERSION) return { ...bundle, formatVersion: BUNDLE_FORMAT_VERSION };
  return bundle;
}
