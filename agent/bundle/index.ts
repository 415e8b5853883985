/** The only module of agent/ that the analyzer may import: the bundle contract. */
export * from './schema.js';
export { readBundleFile, MAX_BUNDLE_COMPRESSED_BYTES, MAX_BUNDLE_JSON_BYTES } from './read.js';
export { validateBundle, formatIssues, formatPath, type ValidationResult } from './validate.js';
