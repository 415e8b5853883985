/**
 * The jobs of corpus-convert.ts: one per corpus schema and direction (convert to the other
 * engine, or the same-engine round trip), with the target databases each writes to, the
 * conversion itself (a throwing reader, converter or generator is that job's failure), and
 * the target model collected back.
 *
 * Target names (all `scout_ct_<run>_<n>_…`, n unique per job in a run):
 * - PostgreSQL target: one fresh database `scout_ct_<run>_<n>_<label>`. MySQL → PostgreSQL maps the
 *   source schema to `<label>` (lower case), which the DDL creates inside it; the PostgreSQL
 *   round trip keeps the schema names.
 * - MySQL target: each source schema becomes the database `scout_ct_<run>_<n>_<schema>`, which the
 *   DDL creates (it is dropped first in case an old run left it).
 * - The MySQL round trip also drops its source copy before applying (its model is built by
 *   then): a same-engine DDL that ignores the schema map writes the source's own name, and
 *   then still lands in a fresh database; the line says so (see `note`).
 */
import type { Bundle } from '../../agent/bundle/index.js';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import type { ConversionResult, TargetEngine } from '../../analyzer/convert/result.js';
import { listDatabases, modelFromCatalog } from '../../analyzer/model/from-bundle.js';
import type { DatabaseModel } from '../../analyzer/model/schema.js';
import type { ApplySummary } from './corpus-apply.js';
import { dbNameOf, labelOf, type Engine, type Plan } from './corpus-load.js';
import type { ModelComparison, TargetNaming } from './compare-models.js';

/**
 * One run's database name prefixes, `scout_cv_<run>_` (sources) and `scout_ct_<run>_`
 * (targets): the run id keeps two runs at once (a CI job and a person) out of each other's
 * databases.
 */
export interface RunPrefixes {
  source: string;
  target: string;
}

export const runPrefixes = (runId: string): RunPrefixes => ({ source: `scout_cv_${runId}_`, target: `scout_ct_${runId}_` });
/** MySQL database names: 64 characters; PostgreSQL: 63 bytes (ours are ASCII). */
const MAX_DB_NAME = 63;

export type Mode = 'convert' | 'roundtrip';

export interface Job {
  n: number;
  plan: Plan;
  mode: Mode;
  source: Engine;
  target: Engine;
  /** The source database (`scout_cv_<run>_<label>`). */
  sourceDb: string;
  /** This run's target prefix (`scout_ct_<run>_`). */
  targetPrefix: string;
  /** Source schema → target schema or database; filled once the source model is known. */
  schemaMap: Record<string, string>;
  /** Every target database this job creates (PostgreSQL: the one it connects to). */
  targetDbs: string[];
  model?: DatabaseModel;
  result?: ConversionResult;
  convertMs?: number;
  apply?: ApplySummary;
  comparison?: ModelComparison;
  /** Why the job stopped before the comparison: load failed, a stage threw. */
  failure?: string;
  /** Something the line reports without failing the job (the DDL ignored the schema map). */
  note?: string;
}

const TARGET_ENGINE: Record<Engine, TargetEngine> = { mysql: 'mysql', postgres: 'postgresql' };
const otherEngine = (e: Engine): Engine => (e === 'mysql' ? 'postgres' : 'mysql');

/** `mysql→postgresql`, `mysql→mysql (roundtrip)`: the direction column of the report. */
export const directionOf = (job: Job): string => `${job.source}→${TARGET_ENGINE[job.target]}${job.mode === 'roundtrip' ? ' (roundtrip)' : ''}`;

/** Lower case letters, digits and `_` only: a database name no quoting can go wrong with. */
const safePart = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_]/g, '_');
const targetDbName = (prefix: string, n: number, part: string): string => `${prefix}${n}_${safePart(part)}`.slice(0, MAX_DB_NAME);

/** Jobs for the plans, numbered from 1: per plan its convert job, then its round trip, as asked. */
export function planJobs(plans: readonly Plan[], modes: readonly Mode[], prefixes: RunPrefixes): Job[] {
  const jobs: Job[] = [];
  for (const plan of plans) {
    for (const mode of modes) {
      const n = jobs.length + 1;
      const target = mode === 'convert' ? otherEngine(plan.engine) : plan.engine;
      const targetDbs = target === 'postgres' ? [targetDbName(prefixes.target, n, labelOf(plan.inventoryDb))] : [];
      const sourceDb = dbNameOf(prefixes.source, plan.inventoryDb);
      jobs.push({ n, plan, mode, source: plan.engine, target, sourceDb, targetPrefix: prefixes.target, schemaMap: {}, targetDbs });
    }
  }
  return jobs;
}

/** How names look on the job's target when the converter did not rename them. */
export function namingOf(job: Job): TargetNaming {
  if (job.target === 'mysql') return { fold: 'none', maxBytes: 0 };
  return { fold: job.mode === 'convert' && DEFAULT_OPTIONS.identifiers === 'lower' ? 'lower' : 'none', maxBytes: 63 };
}

/** The model of one database of one engine in a bundle (both engines have a `scout_cv_world`). */
export function modelOf(bundle: Bundle, engine: Engine, db: string): DatabaseModel | null {
  const ref = listDatabases(bundle).find((r) => (r.server.engine === 'postgres') === (engine === 'postgres') && r.database.name === db);
  return ref ? modelFromCatalog(ref) : null;
}

/** Builds the source model and converts it; a stage that throws becomes the job's failure. */
export function runConversion(job: Job, bundle: Bundle): void {
  let model: DatabaseModel | null;
  try {
    model = modelOf(bundle, job.source, job.sourceDb);
  } catch (err) {
    job.failure = `model threw: ${messageOf(err)}`;
    return;
  }
  if (!model) {
    job.failure = `${job.sourceDb} is not in the source bundle`;
    return;
  }
  job.model = model;
  job.schemaMap = schemaMapOf(job, model);
  if (job.target === 'mysql') job.targetDbs = [...new Set(Object.values(job.schemaMap))];
  const start = performance.now();
  try {
    job.result = convertDatabase(model, TARGET_ENGINE[job.target], { ...DEFAULT_OPTIONS, schemaMap: job.schemaMap });
  } catch (err) {
    job.failure = `conversion threw: ${messageOf(err)}`;
  }
  job.convertMs = performance.now() - start;
}

function schemaMapOf(job: Job, model: DatabaseModel): Record<string, string> {
  if (job.target === 'postgres') {
    // MySQL → PostgreSQL: the one schema gets the corpus label; PostgreSQL round trip: names kept.
    return job.mode === 'convert' ? Object.fromEntries(model.schemas.map((s) => [s.name, safePart(labelOf(job.plan.inventoryDb))])) : {};
  }
  const map: Record<string, string> = {};
  const used = new Set<string>();
  for (const s of model.schemas) {
    // A MySQL round trip has one schema, the source database: name its copy after the corpus label.
    let name = targetDbName(job.targetPrefix, job.n, job.mode === 'roundtrip' ? labelOf(job.plan.inventoryDb) : s.name);
    for (let k = 2; used.has(name); k++) name = targetDbName(job.targetPrefix, job.n, `${s.name}_${k}`);
    used.add(name);
    map[s.name] = name;
  }
  return map;
}

/** Whether the job's DDL may write into its source database's name (see the header). */
export const mayWriteSourceName = (job: Job): boolean => job.mode === 'roundtrip' && job.target === 'mysql';

/** The databases to collect back from the target server for this job. */
export const collectedDbs = (job: Job): string[] => (mayWriteSourceName(job) ? [...job.targetDbs, job.sourceDb] : job.targetDbs);

/**
 * The target model from the target bundle, with the schema map to compare it under:
 * PostgreSQL, the job's database; MySQL, every target database the job mapped a schema to,
 * merged into one model's schemas (a schema the DDL did not create is simply absent, and the
 * comparison says what that lost). A MySQL round trip whose DDL wrote the source's name
 * instead is compared there, with a note.
 */
export function targetModelOf(job: Job, bundle: Bundle): { model: DatabaseModel; schemaMap: Record<string, string> } | null {
  const models = job.targetDbs.map((db) => modelOf(bundle, job.target, db)).filter((m): m is DatabaseModel => m !== null);
  const first = models[0];
  if (first) return { model: { ...first, schemas: models.flatMap((m) => m.schemas), problems: models.flatMap((m) => m.problems) }, schemaMap: job.schemaMap };
  const sameName = mayWriteSourceName(job) ? modelOf(bundle, job.target, job.sourceDb) : null;
  if (!sameName) return null;
  job.note = `the DDL ignored the schema map (${job.sourceDb} → ${job.targetDbs.join(', ')}) and wrote ${job.sourceDb}`;
  return { model: sameName, schemaMap: {} };
}

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
