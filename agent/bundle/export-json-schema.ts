/** `npm run schema`: writes agent/bundle/bundle.schema.json from the zod schema. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleJsonSchema } from './json-schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/agent/bundle → agent/bundle
const target = path.resolve(here, '../../../agent/bundle/bundle.schema.json');
writeFileSync(target, bundleJsonSchema());
process.stdout.write(`${target}\n`);
