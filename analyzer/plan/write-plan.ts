/**
 * writePlan: plan.json (validated against PlanSchema), the runbook of each server under
 * runbooks/, and the DMS table-mapping and task-settings JSON under dms/<server>/<database>/,
 * at the paths the plan lists in each server's `artifacts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dmsPaths } from './artifact-paths.js';
import { runbookMarkdown } from './runbook-markdown.js';
import { PlanSchema, type Plan } from './schema.js';

export interface WrittenPlan {
  planFile: string;
  /** Every file written, plan.json first. */
  files: string[];
}

/** Resolves an artifact path inside outDir; refuses anything that would leave it. */
function inside(outDir: string, rel: string): string {
  const full = path.resolve(outDir, rel);
  const root = path.resolve(outDir);
  if (rel.includes('\0') || !full.startsWith(root + path.sep)) throw new Error(`artifact path escapes the output directory: ${rel}`);
  return full;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function writePlan(plan: Plan, outDir: string): WrittenPlan {
  const parsed = PlanSchema.safeParse(plan);
  if (!parsed.success) {
    throw new Error(`plan does not match the plan schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  mkdirSync(outDir, { recursive: true });
  const planFile = path.join(outDir, 'plan.json');
  writeFileSync(planFile, `${JSON.stringify(plan, null, 2)}\n`);
  const files = [planFile];
  for (const s of plan.servers) {
    for (const a of s.artifacts) {
      const file = inside(outDir, a.path);
      if (a.kind === 'runbook') {
        write(file, runbookMarkdown(plan, s));
      } else if (a.kind === 'dms-table-mappings' || a.kind === 'dms-task-settings') {
        const task = s.dmsTasks?.find((t) => Object.values(dmsPaths(s.id, t.database)).includes(a.path));
        if (!task) throw new Error(`no DMS task for artifact ${a.path}`);
        write(file, `${JSON.stringify(a.kind === 'dms-table-mappings' ? task.tableMappings : task.taskSettings, null, 2)}\n`);
      } else {
        continue;
      }
      files.push(file);
    }
  }
  return { planFile, files };
}
