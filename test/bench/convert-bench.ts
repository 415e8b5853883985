/**
 * Convert bench (issue 4): converts the catalog bench's synthetic schema (5,000 tables of 20
 * columns, each with a PK, 2 secondary indexes, an FK and a CHECK, plus 500 views; database
 * `scout_bench_catalog` on the local PostgreSQL and MariaDB) in every direction:
 * MySQL → PostgreSQL, PostgreSQL → MySQL and both same-engine paths. Goals per direction:
 * model build + conversion ≤ 2 s, peak RSS ≤ 500 MB.
 *
 *   npm run bench:convert                # 3 runs per direction
 *   npm run bench:convert -- --runs 1 --fresh
 *
 * The schema is collected once per engine with the agent and the bundle cached under
 * os.tmpdir()/scout-bench-convert/, keyed by the database's marker row (catalog-vs-dump.ts's
 * scout_bench_meta: generator version, shape, generation time) and a hash of the agent's
 * compiled catalog code, so reruns skip the collection; --fresh collects again. When a
 * database is missing, the catalog bench (dist/test/bench/catalog-vs-dump.js, which owns its
 * creation) is run once to generate it; that also runs its own measurements.
 *
 * Each run is a fresh process (convert-bench-child.ts) that reads the bundle, builds the model
 * and converts it, so its peak memory is the run's own: the kernel's peak RSS of that process
 * (process.resourceUsage().maxRSS: node itself, the bundle, the model and the result; a
 * sampled process.memoryUsage().rss would miss peaks inside synchronous work) and the V8 heap
 * used. Times are the median of the runs, memory the maximum.
 *
 * Prints a table, the reference line and `BENCH_JSON {...}`. Exit 0 when the bench ran (a
 * missed goal is a measurement), 1 when it could not run, 2 for bad usage.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetEngine } from '../../analyzer/convert/result.js';
import { bundlePathOf, runProcess } from '../corpus/corpus-load.js';
import { readMarker, type Marker } from './convert-bench-marker.js';
import type { BenchOutcome, BenchTask } from './convert-bench-child.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const AGENT_CLI = path.join(ROOT, 'dist/agent/cli.js');
const CATALOG_BENCH = path.join(ROOT, 'dist/test/bench/catalog-vs-dump.js');
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'convert-bench-child.js');
const CACHE_DIR = path.join(os.tmpdir(), 'scout-bench-convert');
const DATABASE = 'scout_bench_catalog';
const GOAL_MS = 2000;
const GOAL_BYTES = 500 * 1024 * 1024;

type Engine = 'mysql' | 'postgres';
const DIRECTIONS: readonly { source: Engine; target: TargetEngine }[] = [
  { source: 'mysql', target: 'postgresql' },
  { source: 'postgres', target: 'mysql' },
  { source: 'mysql', target: 'mysql' },
  { source: 'postgres', target: 'postgresql' },
];

class BenchError extends Error {}
class UsageError extends Error {}

interface Options {
  runs: number;
  fresh: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { runs: 3, fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--fresh') opts.fresh = true;
    else if (arg === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new UsageError('--runs needs a positive integer');
      opts.runs = n;
    } else throw new UsageError(`unknown argument "${arg}"\nusage: convert-bench [--runs N] [--fresh]`);
  }
  return opts;
}

const progress = (text: string): void => void process.stderr.write(`convert-bench: ${text}\n`);

/** Both databases complete, generating them with the catalog bench when one is not. */
async function ensureMarkers(): Promise<Record<Engine, Marker>> {
  const read = async (): Promise<Record<Engine, Marker | null>> => ({ mysql: await readMarker('mysql', DATABASE), postgres: await readMarker('postgres', DATABASE) });
  let markers = await read();
  if (!markers.mysql || !markers.postgres) {
    progress(`${DATABASE} is missing or incomplete; running the catalog bench once to generate it (it also measures; a few minutes)`);
    // Its report goes to our stderr: stdout is this bench's own report.
    const res = spawnSync(process.execPath, [CATALOG_BENCH], { stdio: ['ignore', 2, 2] });
    if (res.status !== 0) throw new BenchError(`the catalog bench exited ${res.status ?? res.signal}`);
    markers = await read();
  }
  if (!markers.mysql || !markers.postgres) throw new BenchError(`${DATABASE} is still incomplete after the catalog bench`);
  return { mysql: markers.mysql, postgres: markers.postgres };
}

/** A short hash of the agent's compiled catalog code: a cached bundle of another agent is not reused. */
function agentHash(engine: Engine): string {
  const hash = createHash('sha1');
  for (const dir of [path.join(ROOT, 'dist/agent/db', engine), path.join(ROOT, 'dist/agent/bundle')]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) hash.update(f).update(readFileSync(path.join(dir, f)));
  }
  return hash.digest('hex').slice(0, 10);
}

/** The cached bundle of one engine's database, collected now when missing (or with --fresh). */
async function cachedBundle(engine: Engine, marker: Marker, fresh: boolean): Promise<string> {
  const key = `${engine}-g${marker.version}-${marker.tables}t-${marker.views}v-${Date.parse(marker.generatedAt)}-${agentHash(engine)}`;
  const file = path.join(CACHE_DIR, `${key}.scout.json.gz`);
  if (existsSync(file) && !fresh) {
    progress(`${engine}: cached bundle ${file}`);
    return file;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scout-bench-convert-'));
  try {
    const url = engine === 'postgres' ? `postgres://postgres@127.0.0.1:5432/${DATABASE}` : `mariadb://root@127.0.0.1:3306/${DATABASE}`;
    const args = [AGENT_CLI, 'collect', '--only', 'databases', '--duration', '500ms', '--interval', '500ms', '--db', url, '--db-include', DATABASE];
    args.push('--db-statement-timeout', '120s', '--out', path.join(tmp, 'out'), '--state-dir', path.join(tmp, 'state'), '--json', '--quiet', '--log-level', 'warn');
    const t = performance.now();
    const res = await runProcess(process.execPath, args, { keepStdout: true, timeoutMs: 15 * 60_000 });
    const written = res.code === 0 ? bundlePathOf(res.stdout) : null;
    if (!written) throw new BenchError(`scout-agent exited ${res.code ?? res.signal}: ${res.stderr.slice(-600) || res.stdout.slice(-600)}`);
    copyFileSync(written, file);
    progress(`${engine}: collected in ${((performance.now() - t) / 1000).toFixed(1)} s → ${file}`);
    return file;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One run in a fresh process: its peak memory is the run's alone. */
async function runOnce(task: BenchTask): Promise<BenchOutcome> {
  const res = await runProcess(process.execPath, [CHILD, JSON.stringify(task)], { keepStdout: true, timeoutMs: 10 * 60_000 });
  try {
    return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as BenchOutcome;
  } catch {
    throw new BenchError(`the measured run exited ${res.code ?? res.signal}: ${res.stderr.slice(-600)}`);
  }
}

interface DirectionResult {
  label: string;
  runs: BenchOutcome[];
  error: string | null;
  modelMs: number;
  convertMs: number;
  totalMs: number;
  cpuMs: number;
  peakRss: number;
  heapUsed: number;
  goalMet: boolean;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function summarize(label: string, runs: BenchOutcome[]): DirectionResult {
  const error = runs.find((r) => r.error)?.error ?? null;
  const modelMs = median(runs.map((r) => r.modelMs ?? NaN));
  const convertMs = median(runs.map((r) => r.convertMs ?? NaN));
  const totalMs = median(runs.map((r) => (r.modelMs ?? NaN) + (r.convertMs ?? NaN)));
  const cpuMs = median(runs.map((r) => r.cpuMs ?? NaN));
  const peakRss = Math.max(...runs.map((r) => r.maxRssBytes));
  const heapUsed = Math.max(...runs.map((r) => r.heapUsedBytes));
  const goalMet = error === null && totalMs <= GOAL_MS && peakRss <= GOAL_BYTES;
  return { label, runs, error, modelMs, convertMs, totalMs, cpuMs, peakRss, heapUsed, goalMet };
}

const s2 = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '-');
const mb = (b: number): string => `${Math.round(b / 1024 / 1024)} MB`;

function printTable(results: readonly DirectionResult[]): void {
  const rows = [['direction', 'read s', 'model s', 'convert s', 'model+convert s', 'cpu s', 'peak RSS', 'V8 heap used', 'statements', 'items', 'goal']];
  for (const r of results) {
    const last = r.runs.at(-1);
    const goal = r.goalMet ? 'goal met' : `goal missed${r.error ? ` (${r.error})` : ''}`;
    rows.push([r.label, s2(median(r.runs.map((x) => x.readMs))), s2(r.modelMs), s2(r.convertMs), s2(r.totalMs), s2(r.cpuMs), mb(r.peakRss), mb(r.heapUsed), String(last?.statements ?? 0), String(last?.actionItems ?? 0), goal]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
}

function referenceLine(): string {
  const which = spawnSync('which', ['pgloader'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  if (!found) return 'reference: none installed here (pgloader is not run); ANCHORS Part 3';
  return `reference: pgloader found at ${found}, not run by this bench (it needs a MySQL source and a live target); ANCHORS Part 3`;
}

async function run(opts: Options): Promise<void> {
  if (!existsSync(AGENT_CLI) || !existsSync(CHILD)) throw new BenchError('dist/ is missing: run npm run build');
  const markers = await ensureMarkers();
  const bundles = { mysql: await cachedBundle('mysql', markers.mysql, opts.fresh), postgres: await cachedBundle('postgres', markers.postgres, opts.fresh) };
  const m = markers.mysql;
  console.log(`convert bench: ${DATABASE} (${m.tables} tables, ${m.views} views; generator v${m.version}); ${opts.runs} run(s) per direction, each in a fresh process; ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}; node ${process.version}`);
  console.log(`goals per direction: model + conversion ≤ ${GOAL_MS / 1000} s, peak RSS ≤ ${mb(GOAL_BYTES)} (the measured process's own peak: node, the bundle read, the model and the result); cpu s = CPU time of model + conversion, the figure to read on a busy machine`);
  const results: DirectionResult[] = [];
  for (const d of DIRECTIONS) {
    const label = `${d.source}→${d.target}`;
    const runs: BenchOutcome[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const r = await runOnce({ bundleFile: bundles[d.source], database: DATABASE, target: d.target });
      progress(`${label} run ${i + 1}: model ${s2(r.modelMs ?? NaN)} s, convert ${s2(r.convertMs ?? NaN)} s, peak RSS ${mb(r.maxRssBytes)}${r.error ? `, ${r.error}` : ''}`);
      runs.push(r);
      if (r.error) break;
    }
    results.push(summarize(label, runs));
  }
  console.log('');
  printTable(results);
  console.log('');
  console.log(referenceLine());
  const json = results.map((r) => ({ direction: r.label, modelMs: r.modelMs, convertMs: r.convertMs, totalMs: r.totalMs, cpuMs: r.cpuMs, peakRssBytes: r.peakRss, heapUsedBytes: r.heapUsed, goalMet: r.goalMet, error: r.error }));
  console.log(`BENCH_JSON ${JSON.stringify({ database: DATABASE, runs: opts.runs, results: json })}`);
}

async function main(): Promise<number> {
  try {
    await run(parseArgs(process.argv.slice(2)));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`convert-bench: ${err.message}`);
      return 2;
    }
    console.log(`bench could not run: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof BenchError) && err instanceof Error && err.stack) console.error(err.stack);
    return 1;
  }
}

process.exitCode = await main();
