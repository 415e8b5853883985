/**
 * `scout plan BUNDLE_OR_DIR... --out DIR [--plan-settings FILE]`: loads the bundles, builds the
 * migration plan (path per database server, checks, sizing, waves, runbooks) and writes
 * plan.json with its artifacts.
 */
import type { Logger } from 'pino';
import { loadBundles, type LoadProblem } from '../load-bundles.js';
import { buildPlan, type Conversions } from '../plan/build-plan.js';
import { formatDuration } from '../plan/estimates.js';
import type { Plan } from '../plan/schema.js';
import { DEFAULT_PLAN_SETTINGS, readPlanSettingsFile } from '../plan/settings.js';
import { writePlan, type WrittenPlan } from '../plan/write-plan.js';
import { readOptionalFile } from './input-file.js';

export interface PlanCommandOptions {
  inputs: string[];
  out: string;
  settingsFile?: string;
  conversions?: Conversions;
  now?: Date;
}

export interface PlanCommandResult {
  plan: Plan;
  written: WrittenPlan;
  skipped: LoadProblem[];
}

/** The user's input is wrong (settings file, no bundles): the CLI exits 2. */
export class PlanInputError extends Error {}

export async function runPlan(opts: PlanCommandOptions, log: Logger): Promise<PlanCommandResult> {
  const settings = readOptionalFile(opts.settingsFile, DEFAULT_PLAN_SETTINGS, readPlanSettingsFile, 'plan settings', PlanInputError);
  const loaded = await loadBundles(opts.inputs, log, { compact: true });
  if (loaded.hosts.length === 0) {
    const why = loaded.problems.map((p) => `${p.file}: ${p.message}`).join('; ');
    throw new PlanInputError(`no valid bundle found${why ? ` (${why})` : ''}`);
  }
  const plan = buildPlan({ hosts: loaded.hosts, settings, ...(opts.conversions ? { conversions: opts.conversions } : {}), ...(opts.now ? { now: opts.now } : {}) });
  const written = writePlan(plan, opts.out);
  log.info({ hosts: plan.totals.hosts, servers: plan.totals.servers, blocked: plan.totals.blocked, out: opts.out }, 'plan written');
  return { plan, written, skipped: loaded.problems };
}

const GB = 1e9;

/** The human summary printed on stdout. */
export function formatPlanSummary(r: PlanCommandResult): string {
  const p = r.plan;
  const lines = [`${p.totals.hosts} host(s), ${p.totals.servers} database server(s), ${p.totals.databases} database(s), ${(p.totals.dataBytes / GB).toFixed(1)} GB`, ''];
  for (const s of p.servers) {
    const rec = s.paths.find((x) => x.path === s.recommended);
    lines.push(`${s.id}: ${s.flavor ?? s.engine} ${s.version ?? ''} (${s.hosting}) → ${s.target.engine}`);
    lines.push(`  path: ${s.recommended ?? 'none feasible'}${rec ? `, downtime ${formatDuration(rec.downtimeSeconds)}, copy ${formatDuration(rec.fullLoadSeconds)}` : ''}; wave ${s.wave}`);
    const fails = s.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    const warns = s.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    if (s.blockers.length > 0) lines.push(`  blockers: ${s.blockers.join(', ')}`);
    if (fails.length > 0) lines.push(`  failing checks: ${fails.join(', ')}`);
    if (warns.length > 0) lines.push(`  warnings: ${warns.join(', ')}`);
    if (s.sizing) lines.push(`  size: ${s.sizing.instanceClass} (${s.sizing.vcpu} vCPU, ${s.sizing.memoryGiB} GiB)`);
  }
  for (const w of p.waves) lines.push('', `wave ${w.index}: ${w.databaseServers.join(', ')}${w.applications.length ? ` with ${w.applications.join(', ')}` : ''}`, ...w.warnings.map((x) => `  ! ${x}`));
  lines.push('', ...r.written.files);
  return lines.join('\n');
}
