/**
 * Loading the shared real-world corpus (../shared/corpus) into the local servers, shared by
 * the corpus checks (corpus-collect.ts, corpus-convert.ts): the load plans, loading each plan
 * into a fresh database named `<prefix><label>` with the real clients (mariadb, psql), the
 * admin statements that create and drop such databases, and one `scout-agent collect --only
 * databases` run over chosen databases.
 *
 * Every create and drop checks that the name starts with the caller's prefix: a check only
 * ever touches its own databases. The corpus files are fed through corpus-sql-filter.ts, and
 * the filtered copies go to the caller's temporary directory.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleFile } from '../../agent/bundle/index.js';
import type { Bundle } from '../../agent/bundle/index.js';
import { filterSql, type Engine, type FilterContext } from './corpus-sql-filter.js';

export type { Engine };

/** The compiled file is dist/test/corpus/corpus-load.js: the project root is three up. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const AGENT_CLI = path.join(ROOT, 'dist/agent/cli.js');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** Local servers only (as in the CI machine); the checks never talk to anything else. */
export const MY = { host: '127.0.0.1', port: 3306, user: 'root' } as const;
export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', maintenanceDb: 'postgres' } as const;

/** The biggest corpus file loads in seconds; this only stops a hung client. */
const LOAD_TIMEOUT_MS = 10 * 60_000;
const AGENT_TIMEOUT_MS = 15 * 60_000;

export const ENGINES: readonly Engine[] = ['mysql', 'postgres'];
/** The corpus's directory (and INVENTORY dialect) per engine. */
export const DIALECT_DIR: Record<Engine, string> = { mysql: 'mysql', postgres: 'postgresql' };

// ---------------------------------------------------------------------------------------
// The load plan: load_corpus.sh's myplan / pgplan lines, one per INVENTORY.tsv line

export interface Plan {
  engine: Engine;
  /** The corpus directory: <dialect>/<corpusName>/. */
  corpusName: string;
  /** The database INVENTORY.tsv counted (where load_corpus.sh's files ended up). */
  inventoryDb: string;
  /** Loaded in this order into the one database. */
  files: readonly string[];
}

/**
 * Same files, order and grouping as load_corpus.sh, except what the corpus README says to use
 * instead of the two files that cannot load (their data files are not in the corpus):
 * employees-schema-only.sql + objects.sql for employees.sql, and install-schema-only.sql for
 * adventureworks' install.sql. load_corpus.sh loads those failing files too, into databases
 * that INVENTORY then counts from the later, working load.
 */
export const PLANS: readonly Plan[] = [
  { engine: 'mysql', corpusName: 'sakila', inventoryDb: 'sakila', files: ['sakila-schema.sql'] },
  { engine: 'mysql', corpusName: 'employees', inventoryDb: 'employees', files: ['employees-schema-only.sql', 'objects.sql'] },
  { engine: 'mysql', corpusName: 'world', inventoryDb: 'world', files: ['world.sql'] },
  { engine: 'mysql', corpusName: 'chinook', inventoryDb: 'Chinook', files: ['Chinook_MySql.sql'] },
  { engine: 'mysql', corpusName: 'chinook', inventoryDb: 'Chinook_AutoIncrement', files: ['Chinook_MySql_AutoIncrementPKs.sql'] },
  { engine: 'mysql', corpusName: 'northwind', inventoryDb: 'northwind', files: ['northwind.sql', 'northwind-data.sql'] },
  { engine: 'mysql', corpusName: 'wordpress', inventoryDb: 'corpus_wordpress', files: ['wordpress-schema.sql', 'wordpress-ms-global-schema.sql'] },
  { engine: 'mysql', corpusName: 'mediawiki', inventoryDb: 'corpus_mediawiki', files: ['tables-generated.sql'] },
  { engine: 'mysql', corpusName: 'zabbix', inventoryDb: 'corpus_zabbix', files: ['schema.sql'] },
  { engine: 'mysql', corpusName: 'roundcube', inventoryDb: 'corpus_roundcube', files: ['mysql.initial.sql'] },
  { engine: 'mysql', corpusName: 'guacamole', inventoryDb: 'corpus_guacamole', files: ['001-create-schema.sql'] },
  { engine: 'postgres', corpusName: 'pagila-pre-pg18', inventoryDb: 'corpus_pagila_pre_pg18', files: ['pagila-schema.sql'] },
  { engine: 'postgres', corpusName: 'world', inventoryDb: 'world', files: ['world.sql'] },
  { engine: 'postgres', corpusName: 'chinook', inventoryDb: 'chinook', files: ['Chinook_PostgreSql.sql'] },
  { engine: 'postgres', corpusName: 'chinook', inventoryDb: 'chinook_serial', files: ['Chinook_PostgreSql_SerialPKs.sql'] },
  { engine: 'postgres', corpusName: 'northwind', inventoryDb: 'corpus_northwind', files: ['northwind.sql'] },
  { engine: 'postgres', corpusName: 'adventureworks', inventoryDb: 'corpus_adventureworks', files: ['install-schema-only.sql'] },
  { engine: 'postgres', corpusName: 'mediawiki', inventoryDb: 'corpus_mediawiki', files: ['tables-generated.sql', 'tables.sql'] },
  { engine: 'postgres', corpusName: 'zabbix', inventoryDb: 'corpus_zabbix', files: ['schema.sql'] },
  { engine: 'postgres', corpusName: 'roundcube', inventoryDb: 'corpus_roundcube', files: ['postgres.initial.sql'] },
  { engine: 'postgres', corpusName: 'guacamole', inventoryDb: 'corpus_guacamole', files: ['001-create-schema.sql'] },
];

/** `corpus_guacamole` → `guacamole`, `Chinook` → `Chinook`: the name printed and matched by --schema. */
export const labelOf = (inventoryDb: string): string => inventoryDb.replace(/^corpus_/, '');
/** The database a plan loads into: `<prefix><label>`. */
export const dbNameOf = (prefix: string, inventoryDb: string): string => `${prefix}${labelOf(inventoryDb)}`;

/** Whether --schema values select a plan: its corpus directory, INVENTORY database, label or our database; case-insensitive. */
export function matchesSchema(plan: Pick<Plan, 'corpusName' | 'inventoryDb'>, wanted: readonly string[], prefix: string): boolean {
  if (wanted.length === 0) return true;
  const names = [plan.corpusName, plan.inventoryDb, labelOf(plan.inventoryDb), dbNameOf(prefix, plan.inventoryDb)].map((n) => n.toLowerCase());
  return wanted.some((w) => names.includes(w.toLowerCase()));
}

// ---------------------------------------------------------------------------------------
// Processes and database clients

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** spawn itself failed (client not installed). */
  spawnError: string | null;
}

interface ProcOptions {
  stdinFile?: string;
  cwd?: string;
  keepStdout?: boolean;
  timeoutMs: number;
}

/** Runs a program without a shell; stderr kept (its tail), stdout only when asked. */
export function runProcess(file: string, args: readonly string[], opts: ProcOptions): Promise<ProcResult> {
  return new Promise((resolve) => {
    const stdinFd = opts.stdinFile ? openSync(opts.stdinFile, 'r') : null;
    const child = spawn(file, args, { cwd: opts.cwd, stdio: [stdinFd ?? 'ignore', opts.keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    if (stdinFd !== null) closeSync(stdinFd); // the child has its own copy
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-64_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    let spawnError: string | null = null;
    child.once('error', (err) => (spawnError = `${file}: ${err.message}`));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, spawnError });
    });
  });
}

/** Null when the client succeeded; else its first error line (as load_corpus.sh reports it). */
function failureOf(res: ProcResult): string | null {
  if (res.spawnError) return res.spawnError;
  if (res.code === 0) return null;
  const lines = res.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines.find((l) => /\b(ERROR|FATAL)\b|error:/i.test(l)) ?? lines.at(-1);
  return first ?? `exit ${res.code ?? res.signal}`;
}

const mariadbArgs = (): string[] => ['--host', MY.host, '--port', String(MY.port), '--user', MY.user, '--default-character-set=utf8mb4'];
const psqlArgs = (db: string): string[] => ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-d', db];

function assertOwned(db: string, prefix: string): void {
  const owned = new RegExp(`^${prefix.replace(/[^A-Za-z0-9_]/g, '')}[A-Za-z0-9_]+$`);
  if (!prefix.startsWith('scout_') || !owned.test(db)) throw new Error(`refusing to create or drop "${db}": only ${prefix}* databases belong to this script`);
}

/** Runs statements that create or drop databases, each on its own (PostgreSQL refuses them in a transaction block). */
export async function adminStatements(engine: Engine, statements: readonly string[]): Promise<string | null> {
  const res =
    engine === 'mysql'
      ? await runProcess('mariadb', [...mariadbArgs(), '-e', statements.join('; ')], { timeoutMs: LOAD_TIMEOUT_MS })
      : await runProcess('psql', [...psqlArgs(PG.maintenanceDb), ...statements.flatMap((s) => ['-c', s])], { timeoutMs: LOAD_TIMEOUT_MS });
  return failureOf(res);
}

/** DROP DATABASE IF EXISTS for a database of the caller's prefix (throws for any other name). */
export function dropStatement(engine: Engine, db: string, prefix: string): string {
  assertOwned(db, prefix);
  // WITH (FORCE): a session left in a kept database (psql, a crashed run) must not block the drop.
  return engine === 'mysql' ? `DROP DATABASE IF EXISTS \`${db}\`` : `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`;
}

/** CREATE DATABASE for a database of the caller's prefix (throws for any other name). */
export function createStatement(engine: Engine, db: string, prefix: string): string {
  assertOwned(db, prefix);
  return engine === 'mysql' ? `CREATE DATABASE \`${db}\`` : `CREATE DATABASE "${db}"`;
}

/** Runs one filtered file with the real client, from the corpus directory (as load_corpus.sh does, for relative paths). */
async function runClient(engine: Engine, db: string, file: string, cwd: string): Promise<string | null> {
  const res =
    engine === 'mysql'
      ? await runProcess('mariadb', [...mariadbArgs(), db], { stdinFile: file, cwd, timeoutMs: LOAD_TIMEOUT_MS })
      : await runProcess('psql', [...psqlArgs(db), '-f', file], { cwd, timeoutMs: LOAD_TIMEOUT_MS });
  return failureOf(res);
}

// ---------------------------------------------------------------------------------------
// Loading

export interface LoadResult {
  plan: Plan;
  db: string;
  /** The database exists (created by this run): it is dropped at the end. */
  created: boolean;
  /** `file: first error`, or null when every file loaded. */
  error: string | null;
  ms: number;
}

/** Loads one plan into a fresh `<prefix><label>` database (dropped first if it exists). */
export async function loadPlan(plan: Plan, tmpDir: string, prefix: string): Promise<LoadResult> {
  const start = performance.now();
  const db = dbNameOf(prefix, plan.inventoryDb);
  const result = (created: boolean, error: string | null): LoadResult => ({ plan, db, created, error, ms: performance.now() - start });
  const createError = await adminStatements(plan.engine, [dropStatement(plan.engine, db, prefix), createStatement(plan.engine, db, prefix)]);
  if (createError) return result(false, `creating ${db}: ${createError}`);
  const dir = path.join(CORPUS, DIALECT_DIR[plan.engine], plan.corpusName);
  const ctx: FilterContext = { engine: plan.engine, target: db, ownNames: new Set(), delimiter: ';' };
  for (const file of plan.files) {
    const error = await loadFile(ctx, dir, file, tmpDir);
    // As load_corpus.sh: the files after a failed one are not attempted.
    if (error) return result(true, `${file}: ${error}`);
  }
  return result(true, null);
}

async function loadFile(ctx: FilterContext, dir: string, file: string, tmpDir: string): Promise<string | null> {
  let filtered: string;
  try {
    // The engine in the name: both engines load at once, often into same-named databases and files.
    filtered = path.join(tmpDir, `${ctx.engine}--${ctx.target}--${file}`);
    writeFileSync(filtered, filterSql(readFileSync(path.join(dir, file), 'utf8'), ctx));
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return runClient(ctx.engine, ctx.target, filtered, dir);
}

/**
 * One engine's plans in order (a server takes one load at a time here); callers run the
 * engines side by side. Every database created goes into `created` as `engine\tname`.
 */
export async function loadEngine(plans: readonly Plan[], tmpDir: string, prefix: string, created: Set<string>, progress: (text: string) => void): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const plan of plans) {
    // Registered before it exists: an interrupted load must not leave it behind.
    const db = `${plan.engine}\t${dbNameOf(prefix, plan.inventoryDb)}`;
    created.add(db);
    const r = await loadPlan(plan, tmpDir, prefix);
    if (!r.created) created.delete(db);
    progress(`${plan.engine} ${labelOf(plan.inventoryDb)} → ${r.db}: ${r.error ? `load FAILED: ${r.error}` : 'loaded'} (${secs(r.ms)} s)`);
    results.push(r);
  }
  return results;
}

/** Drops the `engine\tname` databases of the set (all of the caller's prefix); failures go to `progress`. */
export async function dropCreated(created: ReadonlySet<string>, prefix: string, progress: (text: string) => void): Promise<void> {
  for (const engine of ENGINES) {
    const dbs = [...created].filter((k) => k.startsWith(`${engine}\t`)).map((k) => k.slice(engine.length + 1));
    if (dbs.length === 0) continue;
    // MySQL: a database that another one's FKs reference (converted schemas) only drops without the checks.
    const statements = dbs.map((db) => dropStatement(engine, db, prefix));
    const error = await adminStatements(engine, engine === 'mysql' ? ['SET SESSION foreign_key_checks = 0', ...statements] : statements);
    if (error) progress(`could not drop ${engine} ${dbs.join(', ')}: ${error}`);
  }
}

// ---------------------------------------------------------------------------------------
// Collection

export interface Collection {
  bundle: Bundle | null;
  /** The agent's own failure (no bundle, unexpected exit code). */
  error: string | null;
}

/**
 * One agent run over both engines' servers, reading the databases that match one of the
 * `include` globs (`--db-include`); the bundle goes to `dir/out`.
 */
export async function collect(engines: readonly Engine[], dir: string, include: readonly string[]): Promise<Collection> {
  const urls = engines.map((e) => (e === 'mysql' ? `mariadb://${MY.user}@${MY.host}:${MY.port}/` : `postgres://${PG.user}@${PG.host}:${PG.port}/`));
  const args = [AGENT_CLI, 'collect', '--only', 'databases', '--duration', '500ms', '--interval', '500ms'];
  args.push(...urls.flatMap((u) => ['--db', u]), ...include.flatMap((p) => ['--db-include', p]), '--db-statement-timeout', '60s');
  args.push('--out', path.join(dir, 'out'), '--state-dir', path.join(dir, 'state'), '--json', '--quiet', '--log-level', 'warn');
  const res = await runProcess(process.execPath, args, { keepStdout: true, timeoutMs: AGENT_TIMEOUT_MS });
  // Exit 3: the bundle is written and lists what failed; its errors are reported from the bundle.
  const exitError = res.code === 0 || res.code === 3 ? null : `scout-agent exited ${res.code ?? res.signal}: ${res.stderr.trim().slice(-800)}`;
  const file = bundlePathOf(res.stdout);
  if (!file) return { bundle: null, error: exitError ?? `scout-agent printed no bundle path: ${res.stdout.slice(-400)}` };
  try {
    return { bundle: await readBundleFile(file), error: exitError };
  } catch (err) {
    return { bundle: null, error: `reading ${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The bundle path from scout-agent's `--json` last line, or null. */
export function bundlePathOf(stdout: string): string | null {
  try {
    const parsed = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { path?: unknown };
    return typeof parsed.path === 'string' ? parsed.path : null;
  } catch {
    return null;
  }
}

/** Milliseconds as seconds with one decimal, for progress lines. */
export const secs = (ms: number): string => (ms / 1000).toFixed(1);
