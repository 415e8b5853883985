/** Writes analyzer/plan/plan.schema.json from the zod schema (run from dist/: node dist/analyzer/plan/export-json-schema.js). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planJsonSchema } from './json-schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/analyzer/plan → analyzer/plan
const target = path.resolve(here, '../../../analyzer/plan/plan.schema.json');
writeFileSync(target, planJsonSchema());
process.stdout.write(`${target}\n`);
