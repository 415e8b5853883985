/**
 * The schema conversion acceptance (issue 4): for each schema of the shared corpus
 * (../shared/corpus, the corpus-collect plans: 11 MySQL databases, 10 PostgreSQL):
 *   1. loads it into its own engine (a fresh `scout_cv_<run>_<label>` database; the run id
 *      keeps concurrent runs apart) and collects it
 *      with the agent (one run for all sources);
 *   2. converts it to the other engine (convertDatabase), and, as a check of the model
 *      itself, back to its own engine (the same-engine round trip);
 *   3. applies the DDL to fresh `scout_ct_<run>_<n>_…` databases on the real target server,
 *      statement by statement (corpus-apply.ts), keeping the first error;
 *   4. collects the targets with the agent (one run for all targets);
 *   5. compares the target model with the source object by object (compare-models.ts, whose
 *      header gives the rules).
 *
 *   npm run corpus:convert
 *   npm run corpus:convert -- --only mysql --schema sakila --direction convert --keep
 *
 * stdout: one line per schema and direction,
 *   PASS  mysql→postgresql  sakila  applied 123/123  tables 16/16 … views 7 (5 converted, 2 manual)
 * or FAIL with the first error (`#index type object: message — first line of the SQL`) or the
 * stage that threw; then the action items by severity; then `N passed, M failed`. A job
 * passes when its DDL applied with zero errors and nothing of the source was lost. What was
 * lost, object by object, and progress go to stderr. Exit 0 only when every job passed; 1
 * otherwise; 2 for bad usage. Every database this script created is dropped at the end, also
 * on failure and on SIGINT (unless --keep).
 *
 * Runs against the machine's servers: MariaDB 10.11 (as the MySQL 8.0 target too: the DDL
 * keeps to syntax both accept) and PostgreSQL 15.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bundle } from '../../agent/bundle/index.js';
import type { Severity } from '../../analyzer/convert/action-item.js';
import { applyDdl } from './corpus-apply.js';
import {
  collectedDbs,
  directionOf,
  mayWriteSourceName,
  messageOf,
  namingOf,
  planJobs,
  runConversion,
  targetModelOf,
  runPrefixes,
  type RunPrefixes,
  type Job,
  type Mode,
} from './corpus-convert-jobs.js';
import { CORPUS, ENGINES, PLANS, adminStatements, collect, createStatement, dropCreated, dropStatement, labelOf, loadEngine, matchesSchema, secs, type Engine } from './corpus-load.js';
import { compareModels, flaggedObjects, formatComparison, lostObjects } from './compare-models.js';

/** Lost objects printed (to stderr) per job; the rest are counted. */
const LOST_SHOWN = 25;

interface Options {
  only: Engine | null;
  schemas: string[];
  keep: boolean;
  modes: Mode[];
  verbose: boolean;
}

class UsageError extends Error {}

const USAGE = `usage: corpus-convert [--only mysql|postgres] [--schema NAME]... [--direction convert|roundtrip|both] [--keep] [--verbose]
  --only ENGINE     only the corpus schemas of this source engine
  --schema NAME     a corpus directory (chinook), an INVENTORY database (Chinook_AutoIncrement,
                    corpus_zabbix) or a label (zabbix); case-insensitive; repeatable
  --direction D     convert: to the other engine; roundtrip: to the same engine; both (default)
  --keep            do not drop the scout_cv_* and scout_ct_* databases at the end
  --verbose         also list (on stderr) every flagged object: changed, and named by an action item`;

function parseArgs(argv: readonly string[]): Options | 'help' {
  const opts: Options = { only: null, schemas: [], keep: false, modes: ['convert', 'roundtrip'], verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--only') {
      const v = value();
      if (v !== 'mysql' && v !== 'postgres') throw new UsageError(`--only: "${v}" is not mysql or postgres`);
      opts.only = v;
    } else if (arg === '--schema') opts.schemas.push(value());
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--verbose') opts.verbose = true;
    else if (arg === '--direction') {
      const v = value();
      if (v !== 'convert' && v !== 'roundtrip' && v !== 'both') throw new UsageError(`--direction: "${v}" is not convert, roundtrip or both`);
      opts.modes = v === 'both' ? ['convert', 'roundtrip'] : [v];
    } else throw new UsageError(`unknown argument "${arg}"`);
  }
  return opts;
}

const progress = (text: string): void => void process.stderr.write(`corpus-convert: ${text}\n`);

/** Every database this run created, as `engine\tname`; dropped at the end (and on SIGINT). */
class Owned {
  readonly sources = new Set<string>();
  readonly targets = new Set<string>();

  constructor(readonly prefixes: RunPrefixes) {}

  async dropAll(): Promise<void> {
    await dropCreated(this.sources, this.prefixes.source, progress);
    await dropCreated(this.targets, this.prefixes.target, progress);
  }

  list(): string {
    return [...this.sources, ...this.targets].map((k) => k.replace('\t', ' ')).join(', ') || 'nothing';
  }
}

/** Creates (PostgreSQL) or clears (MySQL: the DDL creates them) a job's target databases, then applies its DDL. */
async function applyJob(job: Job, owned: Owned): Promise<void> {
  const result = job.result;
  if (!result || job.failure) return;
  for (const db of job.targetDbs) owned.targets.add(`${job.target}\t${db}`);
  const { source, target } = owned.prefixes;
  const drops = job.targetDbs.map((db) => dropStatement(job.target, db, target));
  if (mayWriteSourceName(job)) drops.push(dropStatement(job.target, job.sourceDb, source));
  // MySQL: an old run's database that another one's FKs reference only drops without the checks.
  const statements = job.target === 'mysql' ? ['SET SESSION foreign_key_checks = 0', ...drops] : drops;
  if (job.target === 'postgres') statements.push(...job.targetDbs.map((db) => `${createStatement('postgres', db, target)} TEMPLATE template0 ENCODING 'UTF8'`));
  const error = await adminStatements(job.target, statements);
  if (error) {
    job.failure = `preparing the target failed: ${error}`;
    return;
  }
  try {
    job.apply = await applyDdl(job.target, job.target === 'postgres' ? (job.targetDbs[0] ?? null) : null, result.statements);
  } catch (err) {
    job.failure = `applying threw: ${messageOf(err)}`;
  }
  const a = job.apply;
  progress(`${directionOf(job)} ${labelOf(job.plan.inventoryDb)}: applied ${a?.applied ?? 0}/${a?.total ?? result.statements.length}${a?.first ? ` (first error #${a.first.index}: ${a.first.message})` : ''}`);
}

/** The jobs of one target engine in order (one session at a time per server); the engines side by side. */
async function applyAll(jobs: readonly Job[], owned: Owned): Promise<void> {
  await Promise.all(
    ENGINES.map(async (engine) => {
      for (const job of jobs.filter((j) => j.target === engine)) await applyJob(job, owned);
    }),
  );
}

function compareJob(job: Job, targets: Bundle | null, targetError: string | null): void {
  if (job.failure || !job.model || !job.result) return;
  if (!targets) {
    job.failure = `target collection failed: ${targetError ?? 'no bundle'}`;
    return;
  }
  try {
    const target = targetModelOf(job, targets);
    if (!target) {
      job.failure = `no target database of ${job.targetDbs.join(', ')} in the target bundle`;
      return;
    }
    // What the target's reader could not take in would show as lost objects: say why.
    for (const p of target.model.problems.slice(0, 5)) progress(`${directionOf(job)} ${labelOf(job.plan.inventoryDb)}: target model problem: ${p.object}: ${p.message}`);
    const r = job.result;
    const naming = namingOf(job);
    job.comparison = compareModels({ source: job.model, target: target.model, schemaMap: target.schemaMap, naming, renames: r.renames, actionItems: r.actionItems, objects: r.objects });
  } catch (err) {
    job.failure = `comparing threw: ${messageOf(err)}`;
  }
}

/** The agent's errors in a bundle, one line each (a database it could not read is missing from the comparison). */
function bundleErrors(bundle: Bundle | null): string[] {
  const lines = (bundle?.errors ?? []).map((e) => `agent ${e.collector}: ${e.code}: ${e.message}`);
  for (const server of bundle?.databases?.servers ?? []) {
    for (const e of server.errors) lines.push(`${server.engine} ${e.stage} ${e.database ?? '-'} ${e.query ?? '-'}: ${e.code}: ${e.message}`);
  }
  return lines;
}

const passed = (job: Job): boolean => !job.failure && job.apply?.failed === 0 && job.comparison?.complete === true;

function lineOf(job: Job): string {
  const head = `${passed(job) ? 'PASS' : 'FAIL'}  ${directionOf(job).padEnd(31)} ${labelOf(job.plan.inventoryDb).padEnd(22)}`;
  const a = job.apply;
  if (job.failure && !a) return `${head} ${job.failure}`;
  const applied = a ? `applied ${a.applied}/${a.total}` : 'not applied';
  const compared = job.comparison ? `  ${formatComparison(job.comparison)}` : '';
  const first = a?.first ? `  [first error: #${a.first.index} ${a.first.type} ${a.first.object}: ${a.first.message} — ${a.first.firstLine}]` : '';
  return `${head} ${applied}${compared}${first}${job.failure ? `  [${job.failure}]` : ''}${job.note ? `  [note: ${job.note}]` : ''}`;
}

/** The lost objects of a job (the first LOST_SHOWN), and with --verbose every flagged one. */
function printDetails(job: Job, verbose: boolean): void {
  const c = job.comparison;
  if (!c) return;
  const lost = lostObjects(c);
  const name = `${directionOf(job)} ${labelOf(job.plan.inventoryDb)}`;
  if (lost.length) progress(`${name}: ${lost.length} lost`);
  for (const l of lost.slice(0, LOST_SHOWN)) progress(`  ${l}`);
  if (lost.length > LOST_SHOWN) progress(`  … and ${lost.length - LOST_SHOWN} more`);
  if (!verbose) return;
  const flagged = flaggedObjects(c);
  if (flagged.length) progress(`${name}: ${flagged.length} flagged`);
  for (const f of flagged) progress(`  ${f}`);
}

/** `action items (convert): 3 critical, 40 warning, 120 info`, per mode that ran. */
function severityLines(jobs: readonly Job[], modes: readonly Mode[]): string[] {
  return modes.map((mode) => {
    const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
    for (const job of jobs.filter((j) => j.mode === mode)) for (const item of job.result?.actionItems ?? []) counts[item.severity] += 1;
    return `action items (${mode}): ${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
  });
}

async function run(opts: Options, owned: Owned): Promise<number> {
  const started = performance.now();
  if (!existsSync(CORPUS)) {
    console.log(`${CORPUS} does not exist: no corpus to convert`);
    console.log('0 passed, 0 failed');
    return 0;
  }
  const engines = ENGINES.filter((e) => opts.only === null || opts.only === e);
  const plans = PLANS.filter((p) => engines.includes(p.engine) && matchesSchema(p, opts.schemas, owned.prefixes.source));
  if (plans.length === 0) throw new UsageError(`no corpus schema matches ${opts.schemas.join(', ')}`);
  const jobs = planJobs(plans, opts.modes, owned.prefixes);
  progress(`run ${owned.prefixes.source}* → ${owned.prefixes.target}*`);
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'scout-corpus-convert-'));
  try {
    const loads = (await Promise.all(engines.map((e) => loadEngine(plans.filter((p) => p.engine === e), tmpDir, owned.prefixes.source, owned.sources, progress)))).flat();
    const loaded = loads.filter((l) => !l.error);
    for (const job of jobs) {
      const load = loads.find((l) => l.plan === job.plan);
      if (load?.error) job.failure = `load failed: ${load.error}`;
    }
    const sourceEngines = engines.filter((e) => loaded.some((l) => l.plan.engine === e));
    const t0 = performance.now();
    const sources = loaded.length ? await collect(sourceEngines, path.join(tmpDir, 'sources'), loaded.map((l) => l.db)) : { bundle: null, error: null };
    progress(`collected the sources in ${secs(performance.now() - t0)} s${sources.error ? `: ${sources.error}` : ''}`);
    for (const line of bundleErrors(sources.bundle)) progress(`source collection error: ${line}`);

    for (const job of jobs.filter((j) => !j.failure)) {
      if (sources.bundle) runConversion(job, sources.bundle);
      else job.failure = `source collection failed: ${sources.error ?? 'no bundle'}`;
      const r = job.result;
      progress(`${directionOf(job)} ${labelOf(job.plan.inventoryDb)}: ${r ? `${r.statements.length} statements, ${r.actionItems.length} action items` : job.failure} (${secs(job.convertMs ?? 0)} s)`);
    }
    await applyAll(jobs, owned);

    const toCollect = jobs.filter((j) => j.apply);
    const t1 = performance.now();
    const targetEngines = ENGINES.filter((e) => toCollect.some((j) => j.target === e));
    const targets = toCollect.length ? await collect(targetEngines, path.join(tmpDir, 'targets'), toCollect.flatMap(collectedDbs)) : { bundle: null, error: null };
    if (toCollect.length) progress(`collected the targets in ${secs(performance.now() - t1)} s${targets.error ? `: ${targets.error}` : ''}`);
    for (const line of bundleErrors(targets.bundle)) progress(`target collection error: ${line}`);
    for (const job of toCollect) compareJob(job, targets.bundle, targets.error);

    for (const job of jobs) console.log(lineOf(job));
    for (const job of jobs) printDetails(job, opts.verbose);
    for (const line of severityLines(jobs, opts.modes)) console.log(line);
    const failed = jobs.filter((j) => !passed(j)).length;
    progress(`done in ${secs(performance.now() - started)} s`);
    console.log(`${jobs.length - failed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  // A run id in every database name: two runs at once never touch each other's databases.
  const owned = new Owned(runPrefixes(randomBytes(2).toString('hex')));
  let opts: Options | 'help';
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`corpus-convert: ${messageOf(err)}\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  const keep = opts.keep;
  // Ctrl-C: the clients and the agent get the signal too; drop what exists, then leave.
  process.once('SIGINT', () => {
    progress('interrupted: dropping the databases of this run');
    void (keep ? Promise.resolve() : owned.dropAll()).finally(() => process.exit(130));
  });
  try {
    return await run(opts, owned);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`corpus-convert: ${err.message}\n${USAGE}`);
      return 2;
    }
    console.log(`corpus-convert could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  } finally {
    if (keep) progress(`kept: ${owned.list()}`);
    else await owned.dropAll();
  }
}

process.exitCode = await main();
