import type { z } from 'zod';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BundleSchema, type Bundle } from './schema.js';

export type ValidationResult = { ok: true; bundle: Bundle } | { ok: false; problems: string[]; unsupportedVersion?: number };

/** Renders a zod issue path as `host.processes[3].pid`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

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
  const parsed = BundleSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error.issues) };
  return { ok: true, bundle: parsed.data };
}
