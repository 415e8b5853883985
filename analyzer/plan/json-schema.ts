/** The plan contract as JSON Schema text, stable for committing (plan.schema.json). */
import { z } from 'zod';
import { PLAN_FORMAT_VERSION, PlanSchema } from './schema.js';

export function planJsonSchema(): string {
  const schema = z.toJSONSchema(PlanSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const out = {
    $id: `https://migration-scout.invalid/plan/v${PLAN_FORMAT_VERSION}.schema.json`,
    title: `scout plan, format version ${PLAN_FORMAT_VERSION}`,
    ...schema,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
