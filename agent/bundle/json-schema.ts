import { z } from 'zod';
import { BUNDLE_FORMAT_VERSION, BundleSchema, RawRowSchema } from './schema.js';

/** The bundle contract as JSON Schema text, stable for committing. */
export function bundleJsonSchema(): string {
  const schema = z.toJSONSchema(BundleSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    // A raw catalog row: an object of JSON values (validated in code as an object only).
    override: (ctx) => {
      if (ctx.zodSchema === RawRowSchema) Object.assign(ctx.jsonSchema, { type: 'object', additionalProperties: true });
    },
  }) as Record<string, unknown>;
  const out = {
    $id: `https://migration-scout.invalid/bundle/v${BUNDLE_FORMAT_VERSION}.schema.json`,
    title: `scout bundle, format version ${BUNDLE_FORMAT_VERSION}`,
    ...schema,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
