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
 * database of the corpus's own name. The filtered copies go to a temporary directory.
 *
 * Prints one line per schema (PASS / FAIL with the counts as bundle/INVENTORY), one line per
 * collection error (and limitation) in the bundle, and a last line `N passed, M failed`.
 * Exit code 0 only when nothing failed and the bundle holds no collection error; 1 otherwise
 * (2 for bad usage). Progress goes to stderr. Without ../shared/corpus there is nothing to
 * check: `0 passed, 0 failed`, exit 0.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleFile } from '../../agent/bundle/index.js';
import type { Bundle, DatabaseServer, RawRows } from '../../agent/bundle/index.js';

/** The compiled file is dist/test/corpus/corpus-collect.js: the project root is three up. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const AGENT_CLI = path.join(ROOT, 'dist/agent/cli.js');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** Local servers only (as in the CI machine); the script never talks to anything else. */
const MY = { host: '127.0.0.1', port: 3306, user: 'root' } as const;
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', maintenanceDb: 'postgres' } as const;

const DB_PREFIX = 'scout_corpus_';
/** What an owned database name must look like before anything creates or drops it. */
const OWNED_NAME = /^scout_corpus_[A-Za-z0-9_]+$/;
/** The biggest corpus file loads in seconds; this only stops a hung client. */
const LOAD_TIMEOUT_MS = 10 * 60_000;
const AGENT_TIMEOUT_MS = 15 * 60_000;

type Engine = 'mysql' | 'postgres';
const ENGINES: readonly Engine[] = ['mysql', 'postgres'];
/** The corpus's directory (and INVENTORY dialect) per engine. */
const DIALECT_DIR: Record<Engine, string> = { mysql: 'mysql', postgres: 'postgresql' };

// ---------------------------------------------------------------------------------------
// The load plan: load_corpus.sh's myplan / pgplan lines, one per INVENTORY.tsv line

interface Plan {
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
const PLANS: readonly Plan[] = [
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
const labelOf = (inventoryDb: string): string => inventoryDb.replace(/^corpus_/, '');
const dbNameOf = (inventoryDb: string): string => `${DB_PREFIX}${labelOf(inventoryDb)}`;

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

function matchesSchema(plan: Pick<Plan, 'corpusName' | 'inventoryDb'>, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  const names = [plan.corpusName, plan.inventoryDb, labelOf(plan.inventoryDb), dbNameOf(plan.inventoryDb)].map((n) => n.toLowerCase());
  return wanted.some((w) => names.includes(w.toLowerCase()));
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
// SQL filter: keep everything in our database
//
// A small lexer follows strings, quoted identifiers, comments and (PostgreSQL) dollar quotes
// line by line, so that a statement is only recognized where a statement can start (not in
// the middle of a string or a function body), and so that MySQL qualifiers are only rewritten
// in SQL text, never in data or comments.

type Mode = 'code' | 'string' | 'ident' | 'block' | 'dollar';

interface LexState {
  mode: Mode;
  /** The character that closes the current string or quoted identifier. */
  close: string;
  /** Whether a backslash escapes the next character in the current string. */
  backslash: boolean;
  /** PostgreSQL: nested block comment depth; dollar-quote tag. */
  depth: number;
  tag: string;
  /** MySQL `/*! … *\/`: executable text that looks like a comment. */
  versioned: boolean;
}

interface Segment {
  code: boolean;
  text: string;
}

const initialState = (): LexState => ({ mode: 'code', close: '', backslash: false, depth: 0, tag: '', versioned: false });
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

/** Splits one line into code and non-code (strings, comments) segments, carrying the state to the next line. */
function scanLine(line: string, engine: Engine, start: LexState): { segments: Segment[]; end: LexState } {
  const st = { ...start };
  const segments: Segment[] = [];
  const emit = (text: string, code: boolean): void => {
    const last = segments.at(-1);
    if (last && last.code === code) last.text += text;
    else segments.push({ code, text });
  };
  let i = 0;
  while (i < line.length) {
    const step = st.mode === 'code' ? scanCode(line, i, engine, st) : scanQuoted(line, i, engine, st);
    emit(line.slice(i, i + step.length), step.code);
    i += step.length;
  }
  return { segments, end: st };
}

/** One token in code mode: how many characters, and whether they are SQL text. Updates the state. */
function scanCode(line: string, i: number, engine: Engine, st: LexState): { length: number; code: boolean } {
  const c = line[i]!;
  const two = line.slice(i, i + 2);
  const rest = line.length - i;
  // Line comments: MySQL needs whitespace (or the end) after `--`; `#` is MySQL only.
  if (two === '--' && (engine === 'postgres' || i + 2 >= line.length || /\s/.test(line[i + 2]!))) return { length: rest, code: false };
  if (c === '#' && engine === 'mysql') return { length: rest, code: false };
  if (two === '/*') {
    if (engine === 'mysql' && /^\/\*M?!/.test(line.slice(i, i + 4))) {
      st.versioned = true;
      return { length: line[i + 2] === 'M' ? 4 : 3, code: true };
    }
    Object.assign(st, { mode: 'block', depth: 1 });
    return { length: 2, code: false };
  }
  if (two === '*/' && st.versioned) {
    st.versioned = false;
    return { length: 2, code: true };
  }
  if (c === "'") {
    // PostgreSQL: backslash escapes only in E'…' strings (standard_conforming_strings is on).
    const escapes = engine === 'mysql' || (/[Ee]/.test(line[i - 1] ?? '') && !isIdentChar(line[i - 2]));
    Object.assign(st, { mode: 'string', close: "'", backslash: escapes });
    return { length: 1, code: false };
  }
  if (c === '"') {
    // MySQL (default sql_mode): a string; PostgreSQL: a quoted identifier.
    if (engine === 'mysql') Object.assign(st, { mode: 'string', close: '"', backslash: true });
    else Object.assign(st, { mode: 'ident', close: '"' });
    return { length: 1, code: engine === 'postgres' };
  }
  if (c === '`' && engine === 'mysql') {
    Object.assign(st, { mode: 'ident', close: '`' });
    return { length: 1, code: true };
  }
  if (c === '$' && engine === 'postgres' && !isIdentChar(line[i - 1])) {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(line.slice(i));
    if (m) {
      Object.assign(st, { mode: 'dollar', tag: m[0] });
      return { length: m[0].length, code: false };
    }
  }
  return { length: 1, code: true };
}

/** One token inside a string, quoted identifier, block comment or dollar quote. Updates the state. */
function scanQuoted(line: string, i: number, engine: Engine, st: LexState): { length: number; code: boolean } {
  const c = line[i]!;
  const two = line.slice(i, i + 2);
  switch (st.mode) {
    case 'string':
      if (c === '\\' && st.backslash) return { length: Math.min(2, line.length - i), code: false };
      if (c === st.close) st.mode = 'code';
      return { length: 1, code: false };
    case 'ident':
      if (c === st.close) st.mode = 'code';
      return { length: 1, code: true };
    case 'block':
      if (two === '/*' && engine === 'postgres') {
        st.depth++;
        return { length: 2, code: false };
      }
      if (two === '*/') {
        st.depth--;
        if (st.depth === 0) st.mode = 'code';
        return { length: 2, code: false };
      }
      return { length: 1, code: false };
    case 'dollar':
      if (line.startsWith(st.tag, i)) {
        st.mode = 'code';
        return { length: st.tag.length, code: false };
      }
      return { length: 1, code: false };
    case 'code':
      throw new Error('scanQuoted called in code mode');
  }
}

/** Carried from file to file of one plan: the database names the files create or switch to, and the MySQL delimiter. */
interface FilterContext {
  engine: Engine;
  target: string;
  ownNames: Set<string>;
  delimiter: string;
}

/** A statement that switches or creates databases: `line` is a client command that ends with its line. */
interface Removal {
  kind: 'line' | 'statement';
  name: string | null;
}

const MYSQL_DB_STATEMENT = /^\s*(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`?([^`\s;]+)`?/i;
const MYSQL_USE = /^\s*USE\s+`?([^`\s;]+)`?/i;
const PG_CONNECT = /^\s*\\c(?:onnect)?(?:\s|$)/;
const PG_DB_STATEMENT = /^\s*(?:CREATE|DROP)\s+DATABASE\b/i;

function removalFor(line: string, engine: Engine): Removal | null {
  if (engine === 'mysql') {
    const use = MYSQL_USE.exec(line);
    if (use) return { kind: 'line', name: use[1] ?? null };
    const db = MYSQL_DB_STATEMENT.exec(line);
    return db ? { kind: 'statement', name: db[1] ?? null } : null;
  }
  if (PG_CONNECT.test(line)) return { kind: 'line', name: null };
  return PG_DB_STATEMENT.test(line) ? { kind: 'statement', name: null } : null;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `sakila.film`, `` `northwind`.`orders` `` → `` `scout_corpus_x`.film ``: a view or table that
 * names the corpus's own database would otherwise need (or silently use) a database of that
 * name. Only in SQL text. Caveat: a table named like the database (employees.employees) would
 * make `employees.col` ambiguous; no corpus file writes such a column reference.
 */
function rewriteQualifiers(segments: readonly Segment[], ctx: FilterContext): string {
  if (ctx.ownNames.size === 0) return segments.map((s) => s.text).join('');
  const alternatives = [...ctx.ownNames].map((n) => `\`${escapeRegExp(n)}\`|${escapeRegExp(n)}`).join('|');
  const qualifier = new RegExp(`(^|[^A-Za-z0-9_$\`.])(?:${alternatives})\\s*\\.(?=\\s*[\`A-Za-z_])`, 'g');
  return segments.map((s) => (s.code ? s.text.replace(qualifier, `$1\`${ctx.target}\`.`) : s.text)).join('');
}

/**
 * The file as the client should run it in our database. Removed lines become empty lines, so
 * the clients' error messages keep the corpus file's line numbers.
 */
function filterSql(text: string, ctx: FilterContext): string {
  // COPY … FROM stdin data is not SQL: the lexer would misread it. No corpus file has any.
  if (ctx.engine === 'postgres' && /^\s*COPY\b[^;]*\bFROM\s+stdin\b/im.test(text)) {
    throw new Error('COPY … FROM stdin data blocks are not supported by the corpus filter');
  }
  const out: string[] = [];
  let state = initialState();
  let skipping = false;
  for (const line of text.split('\n')) {
    const atStatementStart = state.mode === 'code' && !skipping;
    const { segments, end } = scanLine(line, ctx.engine, state);
    state = end;
    const code = segments.filter((s) => s.code).map((s) => s.text).join('');
    const terminator = ctx.engine === 'mysql' ? ctx.delimiter : ';';
    if (skipping) {
      out.push('');
      skipping = !code.includes(terminator);
      continue;
    }
    const removal = atStatementStart ? removalFor(line, ctx.engine) : null;
    if (removal) {
      if (removal.name) ctx.ownNames.add(removal.name);
      out.push('');
      skipping = removal.kind === 'statement' && !code.includes(terminator);
      continue;
    }
    const delimiter = atStatementStart && ctx.engine === 'mysql' ? /^\s*DELIMITER\s+(\S+)/i.exec(line) : null;
    if (delimiter) ctx.delimiter = delimiter[1]!;
    out.push(ctx.engine === 'mysql' && !delimiter ? rewriteQualifiers(segments, ctx) : line);
  }
  // Every corpus file ends in plain SQL; ending inside a string or comment means the lexer misread it.
  if (state.mode !== 'code' || state.versioned) throw new Error(`the corpus filter lost track of the SQL (file ends inside a ${state.versioned ? 'versioned comment' : state.mode})`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------
// Processes and database clients

interface ProcResult {
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
function runProcess(file: string, args: readonly string[], opts: ProcOptions): Promise<ProcResult> {
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

function assertOwned(db: string): void {
  if (!OWNED_NAME.test(db)) throw new Error(`refusing to create or drop "${db}": only ${DB_PREFIX}* databases belong to this script`);
}

/** Runs statements that create or drop databases, each on its own (PostgreSQL refuses them in a transaction block). */
async function adminStatements(engine: Engine, statements: readonly string[]): Promise<string | null> {
  const res =
    engine === 'mysql'
      ? await runProcess('mariadb', [...mariadbArgs(), '-e', statements.join('; ')], { timeoutMs: LOAD_TIMEOUT_MS })
      : await runProcess('psql', [...psqlArgs(PG.maintenanceDb), ...statements.flatMap((s) => ['-c', s])], { timeoutMs: LOAD_TIMEOUT_MS });
  return failureOf(res);
}

function dropStatement(engine: Engine, db: string): string {
  assertOwned(db);
  // WITH (FORCE): a session left in a kept database (psql, a crashed run) must not block the drop.
  return engine === 'mysql' ? `DROP DATABASE IF EXISTS \`${db}\`` : `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`;
}

function createStatement(engine: Engine, db: string): string {
  assertOwned(db);
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

interface LoadResult {
  plan: Plan;
  db: string;
  /** The database exists (created by this run): it is dropped at the end. */
  created: boolean;
  /** `file: first error`, or null when every file loaded. */
  error: string | null;
  ms: number;
}

async function loadPlan(plan: Plan, tmpDir: string): Promise<LoadResult> {
  const start = performance.now();
  const db = dbNameOf(plan.inventoryDb);
  const result = (created: boolean, error: string | null): LoadResult => ({ plan, db, created, error, ms: performance.now() - start });
  const createError = await adminStatements(plan.engine, [dropStatement(plan.engine, db), createStatement(plan.engine, db)]);
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

/** One engine's plans in order (a server takes one load at a time here); the engines run side by side. */
async function loadEngine(plans: readonly Plan[], tmpDir: string, created: Set<string>): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const plan of plans) {
    const r = await loadPlan(plan, tmpDir);
    if (r.created) created.add(`${plan.engine}\t${r.db}`);
    progress(`${plan.engine} ${labelOf(plan.inventoryDb)} → ${r.db}: ${r.error ? `load FAILED: ${r.error}` : 'loaded'} (${secs(r.ms)} s)`);
    results.push(r);
  }
  return results;
}

async function dropCreated(created: ReadonlySet<string>): Promise<void> {
  for (const engine of ENGINES) {
    const dbs = [...created].filter((k) => k.startsWith(`${engine}\t`)).map((k) => k.slice(engine.length + 1));
    if (dbs.length === 0) continue;
    const error = await adminStatements(engine, dbs.map((db) => dropStatement(engine, db)));
    if (error) progress(`could not drop ${engine} ${dbs.join(', ')}: ${error}`);
  }
}

// ---------------------------------------------------------------------------------------
// Collection

interface Collection {
  bundle: Bundle | null;
  /** The agent's own failure (no bundle, unexpected exit code). */
  error: string | null;
}

async function collect(engines: readonly Engine[], tmpDir: string): Promise<Collection> {
  const urls = engines.map((e) => (e === 'mysql' ? `mariadb://${MY.user}@${MY.host}:${MY.port}/` : `postgres://${PG.user}@${PG.host}:${PG.port}/`));
  const args = [AGENT_CLI, 'collect', '--only', 'databases', '--duration', '500ms', '--interval', '500ms'];
  args.push(...urls.flatMap((u) => ['--db', u]), '--db-include', `${DB_PREFIX}*`, '--db-statement-timeout', '60s');
  args.push('--out', path.join(tmpDir, 'out'), '--state-dir', path.join(tmpDir, 'state'), '--json', '--quiet', '--log-level', 'warn');
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

function bundlePathOf(stdout: string): string | null {
  try {
    const parsed = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { path?: unknown };
    return typeof parsed.path === 'string' ? parsed.path : null;
  } catch {
    return null;
  }
}

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
const secs = (ms: number): string => (ms / 1000).toFixed(1);

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
    const loads = (await Promise.all(engines.map((e) => loadEngine(plans.filter((p) => p.engine === e), tmpDir, created)))).flat();
    const collectStart = performance.now();
    const planEngines = engines.filter((e) => plans.some((p) => p.engine === e));
    const collection = planEngines.length ? await collect(planEngines, tmpDir) : { bundle: null, error: null };
    progress(`collected ${planEngines.join(' and ')} in ${secs(performance.now() - collectStart)} s`);

    const verdicts = plans.map((p) =>
      verdictFor(p, loads.find((l) => l.plan === p), inventory.find((l) => l.dialect === DIALECT_DIR[p.engine] && l.database === p.inventoryDb), collection.bundle),
    );
    verdicts.push(...extra);
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
    else await dropCreated(created);
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
