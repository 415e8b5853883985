/**
 * Corpus check: loads every schema of the shared real-world corpus (../shared/corpus) into the
 * local MariaDB and PostgreSQL, reads them with `scout-agent collect --only databases`, counts
 * the objects from the bundle's RAW catalog rows and compares the counts with the corpus's
 * INVENTORY.tsv (which inventory.sh counted from the catalogs directly).
 *
 *   npm run corpus:collect                                  # everything
 *   npm run corpus:collect -- --only mysql --schema sakila  # a subset
 *   npm run corpus:collect -- --keep                        # keep the databases afterwards
 *
 * Every schema goes into a fresh database of its own named `scout_corpus_<name>` (the
 * INVENTORY name without its `corpus_` prefix): the only databases this script creates or
 * drops. Several corpus files create and switch to their own database (`CREATE DATABASE x;
 * USE x;`, psql's `\c x`); they are fed through a filter that blanks those statements and, on
 * MySQL, points `x.table` qualifiers at our database, so nothing lands in (or reads from) a
 * database of the corpus's own name. The filtered copies go to a temporary directory. The
 * plans, the filter and the loading are shared with corpus-convert (corpus-load.ts).
 *
 * The same bundle then goes through `scout analyze` (runAnalyze): one more verdict, which passes
 * when every collected corpus database converts, plans and gets its page, and plan.json
 * validates against the plan contract.
 *
 * Prints one line per schema (PASS / FAIL with the counts as bundle/INVENTORY), the analyze
 * verdict, one line per collection error (and limitation) in the bundle, and a last line
 * `N passed, M failed`.
 * Exit code 0 only when nothing failed and the bundle holds no collection error; 1 otherwise
 * (2 for bad usage). Progress goes to stderr. Without ../shared/corpus there is nothing to
 * check: `0 passed, 0 failed`, exit 0.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Bundle, DatabaseServer, RawRows } from '../../agent/bundle/index.js';
import { runAnalyze } from '../../analyzer/commands/analyze.js';
import { PlanSchema } from '../../analyzer/plan/schema.js';
import {
  CORPUS,
  DIALECT_DIR,
  ENGINES,
  PLANS,
  collect,
  dbNameOf as prefixedDbName,
  dropCreated,
  labelOf,
  loadEngine,
  matchesSchema as planMatches,
  secs,
  type Engine,
  type LoadResult,
  type Plan,
} from './corpus-load.js';

const DB_PREFIX = 'scout_corpus_';
const dbNameOf = (inventoryDb: string): string => prefixedDbName(DB_PREFIX, inventoryDb);
const matchesSchema = (plan: Pick<Plan, 'corpusName' | 'inventoryDb'>, wanted: readonly string[]): boolean => planMatches(plan, wanted, DB_PREFIX);

// ---------------------------------------------------------------------------------------
// Command line

interface Options {
  only: Engine | null;
  schemas: string[];
  keep: boolean;
}

class UsageError extends Error {}

const USAGE = `usage: corpus-collect [--only mysql|postgres] [--schema NAME]... [--keep]
  --schema NAME  a corpus directory (chinook), an INVENTORY database (Chinook_AutoIncrement,
                 corpus_zabbix) or our database (scout_corpus_zabbix); case-insensitive
  --keep         do not drop the scout_corpus_* databases at the end`;

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { only: null, schemas: [], keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--only') {
      const v = value();
      if (v !== 'mysql' && v !== 'postgres') throw new UsageError(`--only: "${v}" is not mysql or postgres`);
      opts.only = v;
    } else if (arg === '--schema') opts.schemas.push(value());
    else if (arg === '--keep') opts.keep = true;
    else throw new UsageError(`unknown argument "${arg}"`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------
// INVENTORY.tsv

const KINDS = ['tables', 'views', 'triggers', 'procedures', 'functions', 'foreign_keys', 'indexes', 'enum_types', 'domains', 'sequences'] as const;
type Kind = (typeof KINDS)[number];
/** null: `-` in INVENTORY (not applicable to the engine), or no rows for the kind in the bundle. */
type Counts = Record<Kind, number | null>;

interface InventoryLine {
  dialect: string;
  database: string;
  counts: Counts;
}

function readInventory(file: string): InventoryLine[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const columns = (header ?? '').split('\t');
  const col = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column "${name}" in its header`);
    return i;
  };
  const dialectCol = col('dialect');
  const databaseCol = col('database');
  const kindCols = KINDS.map((k) => [k, col(k)] as const);
  return lines.map((line) => {
    const cells = line.split('\t');
    const counts = Object.fromEntries(kindCols.map(([k, i]) => [k, parseCount(cells[i])])) as Counts;
    return { dialect: cells[dialectCol] ?? '', database: cells[databaseCol] ?? '', counts };
  });
}

function parseCount(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '-') return null;
  const n = Number(cell);
  if (!Number.isInteger(n)) throw new Error(`INVENTORY.tsv: "${cell}" is not a count`);
  return n;
}

// ---------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------
// The bundle: errors, limitations and one database's rows

/** Every error in the bundle, one line each: the agent's collectors and each server's. */
function bundleErrorLines(bundle: Bundle): string[] {
  const lines = bundle.errors.map((e) => `error  agent  ${e.collector}: ${e.code}: ${e.message}`);
  for (const s of bundle.databases?.servers ?? []) {
    for (const e of s.errors) lines.push(`error  ${engineOf(s)}  ${s.target.url}  ${e.stage} ${e.database ?? '-'} ${e.query ?? '-'}: ${e.code}: ${e.message}`);
  }
  return lines;
}

/** What the agent says it could not see: not errors, but they explain a count that falls short. */
function bundleLimitationLines(bundle: Bundle): string[] {
  const lines = bundle.limitations.map((l) => `limitation  agent  ${l.collector}: ${l.code}: ${l.message}`);
  for (const s of bundle.databases?.servers ?? []) {
    for (const l of s.limitations) lines.push(`limitation  ${engineOf(s)}  ${l.collector}: ${l.code}: ${l.message}${l.affected === undefined ? '' : ` (${l.affected})`}`);
  }
  return lines;
}

const engineOf = (s: DatabaseServer): Engine => (s.engine === 'postgres' ? 'postgres' : 'mysql');

function rowsOf(bundle: Bundle | null, engine: Engine, db: string): Record<string, RawRows> | null {
  for (const s of bundle?.databases?.servers ?? []) {
    if (engineOf(s) !== engine) continue;
    const found = s.databases.find((d) => d.name === db);
    if (found) return found.rows;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Counting from raw rows, with inventory.sh's definitions

/** Rows of one query, or null when the bundle has none for it (the query failed or did not run). */
type RowsOf = (query: string) => RawRows | null;

const countWhere = (rows: RawRows | null, keep: (r: RawRows[number]) => boolean): number | null => (rows ? rows.filter(keep).length : null);
const countAll = (rows: RawRows | null): number | null => (rows ? rows.length : null);

/**
 * MySQL, as inventory.sh reads information_schema: tables are BASE TABLE only (TABLES also
 * lists views and sequences); routines split by ROUTINE_TYPE; foreign keys are
 * REFERENTIAL_CONSTRAINTS rows; indexes are distinct (table, index) pairs of STATISTICS,
 * which has one row per index column.
 */
function mysqlCounts(rows: RowsOf): Counts {
  const statistics = rows('indexes');
  return {
    tables: countWhere(rows('tables'), (r) => r.table_type === 'BASE TABLE'),
    views: countAll(rows('views')),
    triggers: countAll(rows('triggers')),
    procedures: countWhere(rows('routines'), (r) => r.routine_type === 'PROCEDURE'),
    functions: countWhere(rows('routines'), (r) => r.routine_type === 'FUNCTION'),
    foreign_keys: countAll(rows('foreign_keys')),
    indexes: statistics ? new Set(statistics.map((r) => `${String(r.table_name)}\u0000${String(r.index_name)}`)).size : null,
    enum_types: null,
    domains: null,
    sequences: null,
  };
}

/**
 * PostgreSQL, as inventory.sh reads pg_catalog: tables are relkind r and p (the tables rows
 * also hold foreign tables, f); views are v and m (the views rows); functions are prokind f, a
 * and w, procedures p; foreign keys are contype f; indexes are every pg_index row (relkind i
 * and partitioned I). Both leave out system schemas and extension members.
 */
function pgCounts(rows: RowsOf): Counts {
  return {
    tables: countWhere(rows('tables'), (r) => r.relkind === 'r' || r.relkind === 'p'),
    views: countAll(rows('views')),
    triggers: countAll(rows('triggers')),
    procedures: countWhere(rows('routines'), (r) => r.kind === 'p'),
    functions: countWhere(rows('routines'), (r) => r.kind === 'f' || r.kind === 'a' || r.kind === 'w'),
    foreign_keys: countWhere(rows('constraints'), (r) => r.type === 'f'),
    indexes: countAll(rows('indexes')),
    enum_types: countAll(rows('enum_types')),
    domains: countAll(rows('domains')),
    sequences: countAll(rows('sequences')),
  };
}

function countsOf(engine: Engine, rows: Record<string, RawRows>): Counts {
  const get: RowsOf = (q) => rows[q] ?? null;
  return engine === 'mysql' ? mysqlCounts(get) : pgCounts(get);
}

// ---------------------------------------------------------------------------------------
// Report

interface Verdict {
  pass: boolean;
  line: string;
}

const pad = (s: string, n: number): string => s.padEnd(n);

/** `tables 16/16`: from the bundle / from INVENTORY; `?` when the bundle has no rows for the kind. */
function compareCounts(got: Counts | null, expected: Counts): { mismatches: string[]; matches: string[] } {
  const mismatches: string[] = [];
  const matches: string[] = [];
  for (const kind of KINDS) {
    const want = expected[kind];
    if (want === null) continue; // `-`: not applicable to this engine
    const have = got?.[kind] ?? null;
    (have === want ? matches : mismatches).push(`${kind} ${have ?? '?'}/${want}`);
  }
  return { mismatches, matches };
}

function verdictFor(plan: Plan, load: LoadResult | undefined, inventory: InventoryLine | undefined, bundle: Bundle | null): Verdict {
  const head = `${pad(plan.engine, 8)} ${pad(labelOf(plan.inventoryDb), 22)}`;
  if (!inventory) return { pass: false, line: `${head} FAIL  no INVENTORY.tsv line for ${DIALECT_DIR[plan.engine]} ${plan.inventoryDb}` };
  const problems: string[] = [];
  if (load?.error) problems.push(`load failed: ${load.error}`);
  const rows = rowsOf(bundle, plan.engine, dbNameOf(plan.inventoryDb));
  if (!rows) problems.push(`${dbNameOf(plan.inventoryDb)} not in the bundle`);
  const { mismatches, matches } = compareCounts(rows ? countsOf(plan.engine, rows) : null, inventory.counts);
  const pass = problems.length === 0 && mismatches.length === 0;
  if (pass) return { pass, line: `${head} PASS  ${matches.join(' ')}` };
  const detail = [...problems, ...mismatches].join('  ');
  return { pass, line: `${head} FAIL  ${detail}${matches.length ? `  (match: ${matches.join(' ')})` : ''}` };
}

/** INVENTORY lines that no plan covers: the corpus grew and this script did not. */
function unplannedLines(inventory: readonly InventoryLine[], engines: readonly Engine[], opts: Options): Verdict[] {
  return inventory
    .filter((l) => engines.some((e) => DIALECT_DIR[e] === l.dialect))
    .filter((l) => !PLANS.some((p) => DIALECT_DIR[p.engine] === l.dialect && p.inventoryDb === l.database))
    .filter((l) => matchesSchema({ corpusName: labelOf(l.database), inventoryDb: l.database }, opts.schemas))
    .map((l) => ({ pass: false, line: `${pad(l.dialect, 8)} ${pad(labelOf(l.database), 22)} FAIL  no load plan in corpus-collect for this INVENTORY.tsv line` }));
}

// ---------------------------------------------------------------------------------------
// Main

const progress = (text: string): void => void process.stderr.write(`corpus-collect: ${text}\n`);

/** `scout analyze` over the corpus bundle: every database converted, planned and on a page; plan.json valid. */
async function analyzeVerdict(bundleDir: string, outDir: string, expectedDatabases: number): Promise<Verdict> {
  const label = `${pad('analyze', 8)}${pad('corpus bundle', 28)}`;
  try {
    const res = await runAnalyze({ inputs: [bundleDir], out: outDir, log: pino({ level: 'silent' }) });
    const problems: string[] = [];
    if (res.skipped.length) problems.push(`skipped ${res.skipped.map((p) => p.file).join(', ')}`);
    if (res.databases < expectedDatabases) problems.push(`${res.databases} databases assessed, ${expectedDatabases} collected`);
    if (res.failedConversions) problems.push(`${res.failedConversions} conversions failed`);
    const pages = readdirSync(path.join(outDir, 'databases')).filter((f) => f.endsWith('.html')).length;
    if (pages !== res.databases) problems.push(`${pages} database pages for ${res.databases} databases`);
    const plan = PlanSchema.safeParse(JSON.parse(readFileSync(res.planFile, 'utf8')));
    if (!plan.success) problems.push(`plan.json does not validate: ${plan.error.issues[0]?.message ?? ''}`);
    const figures = `${res.databases} databases, ${res.pages} pages, plan ${plan.success ? plan.data.servers.length : '?'} servers, ${secs(Object.values(res.ms).reduce((a, b) => a + b, 0))} s`;
    return problems.length ? { pass: false, line: `FAIL  ${label}${problems.join('; ')} (${figures})` } : { pass: true, line: `PASS  ${label}${figures}` };
  } catch (err) {
    return { pass: false, line: `FAIL  ${label}analyze threw: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function run(opts: Options): Promise<number> {
  const started = performance.now();
  if (!existsSync(CORPUS)) {
    console.log(`${CORPUS} does not exist: no corpus to check`);
    console.log('0 passed, 0 failed');
    return 0;
  }
  const engines = ENGINES.filter((e) => opts.only === null || opts.only === e);
  const plans = PLANS.filter((p) => engines.includes(p.engine) && matchesSchema(p, opts.schemas));
  const inventory = readInventory(path.join(CORPUS, 'INVENTORY.tsv'));
  const extra = unplannedLines(inventory, engines, opts);
  if (plans.length === 0 && extra.length === 0) throw new UsageError(`no corpus schema matches ${opts.schemas.join(', ')}`);

  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'scout-corpus-'));
  const created = new Set<string>();
  try {
    const loads = (await Promise.all(engines.map((e) => loadEngine(plans.filter((p) => p.engine === e), tmpDir, DB_PREFIX, created, progress)))).flat();
    const collectStart = performance.now();
    const planEngines = engines.filter((e) => plans.some((p) => p.engine === e));
    const collection = planEngines.length ? await collect(planEngines, tmpDir, [`${DB_PREFIX}*`]) : { bundle: null, error: null };
    progress(`collected ${planEngines.join(' and ')} in ${secs(performance.now() - collectStart)} s`);

    const verdicts = plans.map((p) =>
      verdictFor(p, loads.find((l) => l.plan === p), inventory.find((l) => l.dialect === DIALECT_DIR[p.engine] && l.database === p.inventoryDb), collection.bundle),
    );
    verdicts.push(...extra);
    if (collection.bundle) {
      const collected = (collection.bundle.databases?.servers ?? []).reduce((n, srv) => n + srv.databases.length, 0);
      const analyzeStart = performance.now();
      verdicts.push(await analyzeVerdict(path.join(tmpDir, 'out'), path.join(tmpDir, 'report'), collected));
      progress(`analyzed the corpus bundle in ${secs(performance.now() - analyzeStart)} s`);
    }
    for (const v of verdicts) console.log(v.line);
    const errors = [...(collection.error ? [`error  agent  ${collection.error}`] : []), ...(collection.bundle ? bundleErrorLines(collection.bundle) : [])];
    for (const line of errors) console.log(line);
    for (const line of collection.bundle ? bundleLimitationLines(collection.bundle) : []) console.log(line);

    const failed = verdicts.filter((v) => !v.pass).length;
    progress(`done in ${secs(performance.now() - started)} s`);
    console.log(`${verdicts.length - failed} passed, ${failed} failed`);
    return failed === 0 && errors.length === 0 ? 0 : 1;
  } finally {
    if (opts.keep) progress(`kept: ${[...created].map((k) => k.replace('\t', ' ')).join(', ') || 'nothing'}`);
    else await dropCreated(created, DB_PREFIX, progress);
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  try {
    return await run(parseArgs(process.argv.slice(2)));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`corpus-collect: ${err.message}\n${USAGE}`);
      return 2;
    }
    console.log(`corpus-collect could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}

process.exitCode = await main();
