/**
 * Footprint bench: runs `scout-agent run` at a 1 s interval beside Debian's
 * prometheus-node-exporter (scraped once a second over loopback) and compares what each
 * costs the host: steady-state RSS, CPU per sample (per scrape for node_exporter, both
 * including reaped children) and child processes spawned per sample.
 *
 *   npm run bench:agent                    # 2 minutes
 *   BENCH_SECONDS=20 npm run bench:agent   # a quick try
 *
 * Prints a plain-text table and a last line `BENCH_JSON {...}`. Exit code 0 when the
 * bench ran (a failed goal is a measurement, not an error), 1 when it could not run.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The compiled file is dist/test/bench/agent-footprint.js: the project root is three up. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const AGENT_CLI = path.join(ROOT, 'dist/agent/cli.js');
const SPAWN_COUNTER = path.join(ROOT, 'dist/test/bench/spawn-counter.js');
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const NODE_EXPORTER_PACKAGE = 'prometheus-node-exporter';

const INTERVAL_S = 1;
const DEFAULT_SECONDS = 120;
/** Startup (inventory, JIT warm-up, first allocations) is left out of the steady window. */
const WARMUP_MAX_S = 60;
const GOALS = { rssMiB: 64, cpuMsPerSample: 5, spawnsPerSample: 0 } as const;
const STOP_TIMEOUT_MS = 20_000;
const SCRAPE_TIMEOUT_MS = 5_000;
const READY_TIMEOUT_MS = 15_000;

/** A reason the bench could not run (exit 1), as opposed to a goal it measured as failed. */
class BenchError extends Error {}

// ---------------------------------------------------------------------------------------
// /proc readings

interface ProcReading {
  tMs: number;
  rssKiB: number;
  /** utime + stime + cutime + cstime, in clock ticks: children count once they are reaped. */
  ticks: number;
}

/** Fields after "(comm)" of /proc/<pid>/stat; comm may hold spaces and parentheses. */
function parseStatTicks(text: string): number {
  const fields = text.slice(text.lastIndexOf(')') + 2).trim().split(' ');
  // Field 3 (state) is index 0 here, so utime (14), stime, cutime, cstime (17) are 11..14.
  const ticks = fields.slice(11, 15).map(Number);
  if (ticks.length !== 4 || ticks.some((n) => !Number.isFinite(n))) throw new BenchError('unreadable /proc/<pid>/stat');
  return ticks.reduce((a, b) => a + b, 0);
}

function parseVmRssKiB(text: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  if (!match?.[1]) throw new BenchError('no VmRSS in /proc/<pid>/status');
  return Number(match[1]);
}

function readProc(pid: number): ProcReading {
  const tMs = Date.now();
  const ticks = parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const rssKiB = parseVmRssKiB(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { tMs, rssKiB, ticks };
}

function clockTicksPerSecond(): number {
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(hz) || hz <= 0) throw new BenchError(`getconf CLK_TCK gave no number`);
  return hz;
}

// ---------------------------------------------------------------------------------------
// Child processes

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

/** A started process, its exit (once known) and the tail of its stderr for diagnostics. */
class Child {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  exit: ExitInfo | null = null;
  readonly stderrTail: string[] = [];
  stderrLines = 0;

  constructor(
    readonly name: string,
    file: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
  ) {
    // stdout is not read: the agent keeps results there, logs go to stderr.
    this.proc = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.proc.once('exit', (code, signal) => resolve({ code, signal }));
      this.proc.once('error', (err) => resolve({ code: null, signal: null, error: err.message }));
    }).then((info) => (this.exit = info));
    this.collectStderr();
    if (this.proc.pid === undefined) throw new BenchError(`${name}: could not start ${file}`);
    this.pid = this.proc.pid;
  }

  private collectStderr(): void {
    let partial = '';
    this.proc.stderr?.setEncoding('utf8');
    this.proc.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      this.stderrLines += lines.length;
      this.stderrTail.push(...lines);
      this.stderrTail.splice(0, Math.max(0, this.stderrTail.length - 20));
    });
  }

  describeExit(): string {
    const e = this.exit;
    if (!e) return 'still running';
    return e.error ?? (e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`);
  }
}

interface StopResult {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when SIGTERM was not enough within STOP_TIMEOUT_MS and SIGKILL was sent. */
  killed: boolean;
}

const delay = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

/** SIGTERM, wait for the exit (timed: a graceful stop writes the last segment), SIGKILL late. */
async function stopChild(child: Child, timeoutMs: number): Promise<StopResult> {
  const start = performance.now();
  if (!child.exit) child.proc.kill('SIGTERM');
  let killed = false;
  if ((await Promise.race([child.exited, delay(timeoutMs)])) === 'timeout') {
    killed = true;
    child.proc.kill('SIGKILL');
  }
  const info = await child.exited;
  return { ms: Math.round(performance.now() - start), code: info.code, signal: info.signal, killed };
}

// ---------------------------------------------------------------------------------------
// node_exporter: install if needed, start on loopback, scrape

function runLogged(file: string, args: string[]): number {
  console.log(`$ ${file} ${args.join(' ')}`);
  const res = spawnSync(file, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const status = res.status ?? -1;
  if (status !== 0) {
    const tail = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n  ');
    console.log(`  exited ${status}${res.error ? ` (${res.error.message})` : ''}:\n  ${tail}`);
  }
  return status;
}

/** Whether apt's package lists know the package (they are empty before a first update). */
function aptHasCandidate(pkg: string): boolean {
  const res = spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' });
  const candidate = /Candidate:\s*(\S+)/.exec(res.stdout ?? '')?.[1];
  return res.status === 0 && candidate !== undefined && candidate !== '(none)';
}

function ensureNodeExporter(): void {
  if (existsSync(NODE_EXPORTER)) return;
  console.log(`${NODE_EXPORTER} is missing: installing the Debian package ${NODE_EXPORTER_PACKAGE}`);
  if (process.getuid?.() !== 0) throw new BenchError(`installing ${NODE_EXPORTER_PACKAGE} needs root: run apt-get install -y ${NODE_EXPORTER_PACKAGE}`);
  if (!aptHasCandidate(NODE_EXPORTER_PACKAGE)) runLogged('apt-get', ['update']);
  // Without systemd the postinst may fail to start the service and apt exits non-zero;
  // that is fine since the bench starts the binary itself, so only the binary is checked.
  runLogged('apt-get', ['install', '-y', NODE_EXPORTER_PACKAGE]);
  if (!existsSync(NODE_EXPORTER)) throw new BenchError(`${NODE_EXPORTER} is still missing after apt-get install`);
}

function nodeExporterVersion(): string {
  const res = spawnSync(NODE_EXPORTER, ['--version'], { encoding: 'utf8' });
  // It prints its version on stderr.
  return `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n')[0] ?? 'unknown';
}

/** A port that was free a moment ago: bind port 0 on loopback, read it, let it go. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new BenchError('no free loopback port'))));
    });
  });
}

interface Scrape {
  startMs: number;
  ms: number;
  ok: boolean;
  bytes: number;
}

async function scrape(url: string): Promise<Scrape> {
  const startMs = Date.now();
  const t = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
    // The body is read whole, as Prometheus does: the exporter's work ends when it is sent.
    const body = await res.text();
    return { startMs, ms: performance.now() - t, ok: res.ok, bytes: Buffer.byteLength(body) };
  } catch {
    return { startMs, ms: performance.now() - t, ok: false, bytes: 0 };
  }
}

async function waitForMetrics(url: string, exporter: Child): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exporter.exit) break;
    if ((await scrape(url)).ok) return;
    await delay(100);
  }
  const tail = exporter.stderrTail.slice(-5).join('\n  ');
  throw new BenchError(`node_exporter did not serve ${url} (${exporter.describeExit()}):\n  ${tail}`);
}

// ---------------------------------------------------------------------------------------
// The run

interface Series {
  agent: ProcReading[];
  exporter: ProcReading[];
  scrapes: Scrape[];
}

function sleepUntil(deadlineMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, deadlineMs - Date.now()));
    signal.addEventListener('abort', done, { once: true });
  });
}

function assertRunning(child: Child): void {
  if (child.exit) {
    const tail = child.stderrTail.slice(-10).join('\n  ');
    throw new BenchError(`${child.name} exited during the run (${child.describeExit()}):\n  ${tail}`);
  }
}

/**
 * Once a second, on a fixed grid from t0: reads both processes' /proc files, then starts
 * one scrape (never two at once, so a slow exporter is not piled on). The last tick only
 * reads, so every scrape's CPU falls between two readings.
 */
async function measure(agent: Child, exporter: Child, url: string, t0: number, seconds: number, signal: AbortSignal): Promise<Series> {
  const series: Series = { agent: [], exporter: [], scrapes: [] };
  let inFlight: Promise<void> | null = null;
  for (let k = 0; k <= seconds; k++) {
    await sleepUntil(t0 + k * 1000, signal);
    if (signal.aborted) throw new BenchError('interrupted');
    assertRunning(agent);
    assertRunning(exporter);
    series.agent.push(readProc(agent.pid));
    series.exporter.push(readProc(exporter.pid));
    if (k < seconds && !inFlight) {
      inFlight = scrape(url).then((s) => {
        series.scrapes.push(s);
        inFlight = null;
      });
    }
  }
  await inFlight;
  return series;
}

// ---------------------------------------------------------------------------------------
// Figures

interface Footprint {
  rssMedianMiB: number;
  rssMaxMiB: number;
  /** Least-squares slope of RSS over the window: a leak shows here before it hits a cap. */
  rssSlopeKiBPerMin: number;
  cpuMs: number;
  windowS: number;
  /** Samples (agent) or scrapes (node_exporter) in the window. */
  units: number;
  cpuMsPerUnit: number;
  coreSharePct: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function slopePerMinute(points: Array<{ x: number; y: number }>): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return sxx > 0 ? (sxy / sxx) * 60_000 : 0;
}

function steadyReadings(readings: ProcReading[], windowStartMs: number): { steady: ProcReading[]; first: ProcReading; last: ProcReading } {
  const steady = readings.filter((r) => r.tMs >= windowStartMs);
  const first = steady[0];
  const last = steady[steady.length - 1];
  if (!first || !last || steady.length < 2) throw new BenchError('too few readings in the steady window: use a longer BENCH_SECONDS');
  return { steady, first, last };
}

function footprint(readings: ProcReading[], windowStartMs: number, clkTck: number, unitsIn: (fromMs: number, toMs: number) => number): Footprint {
  const { steady, first, last } = steadyReadings(readings, windowStartMs);
  const cpuMs = ((last.ticks - first.ticks) / clkTck) * 1000;
  const windowS = (last.tMs - first.tMs) / 1000;
  const units = unitsIn(first.tMs, last.tMs);
  return {
    rssMedianMiB: median(steady.map((r) => r.rssKiB)) / 1024,
    rssMaxMiB: Math.max(...steady.map((r) => r.rssKiB)) / 1024,
    rssSlopeKiBPerMin: slopePerMinute(steady.map((r) => ({ x: r.tMs, y: r.rssKiB }))),
    cpuMs,
    windowS,
    units,
    cpuMsPerUnit: units > 0 ? cpuMs / units : NaN,
    coreSharePct: windowS > 0 ? (cpuMs / (windowS * 1000)) * 100 : NaN,
  };
}

interface SpawnEntry {
  tMs: number;
  api: string;
  name: string;
  line: string;
}

function readSpawnLog(file: string): SpawnEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((row) => {
      const [t = '', api = '', name = '', line = ''] = row.split('\t');
      return { tMs: Number(t), api, name, line };
    });
}

function countByName(entries: SpawnEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.name] = (counts[e.name] ?? 0) + 1;
  return counts;
}

function formatCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} x${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

function bundlesIn(dir: string): { count: number; bytes: number } {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.scout.json.gz')) : [];
  return { count: files.length, bytes: files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) };
}

// ---------------------------------------------------------------------------------------
// Report

const num = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (ours: number, theirs: number) => (Number.isFinite(ours) && Number.isFinite(theirs) && theirs > 0 ? `${num(ours / theirs)}x` : 'n/a');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   '))
    .join('\n');
}

interface Goal {
  goal: string;
  limit: number;
  value: number;
  pass: boolean;
}

function goals(agent: Footprint, steadySpawns: number): Record<'rss' | 'cpu' | 'spawns', Goal> {
  const spawnsPerSample = agent.units > 0 ? steadySpawns / agent.units : NaN;
  return {
    // The max, not the median: a cap is about the worst moment.
    rss: { goal: `steady RSS (max) <= ${GOALS.rssMiB} MiB`, limit: GOALS.rssMiB, value: agent.rssMaxMiB, pass: agent.rssMaxMiB <= GOALS.rssMiB },
    cpu: { goal: `CPU per sample <= ${GOALS.cpuMsPerSample} ms`, limit: GOALS.cpuMsPerSample, value: agent.cpuMsPerUnit, pass: agent.cpuMsPerUnit <= GOALS.cpuMsPerSample },
    spawns: { goal: `spawns per sample (steady) = ${GOALS.spawnsPerSample}`, limit: GOALS.spawnsPerSample, value: spawnsPerSample, pass: steadySpawns === 0 },
  };
}

function printReport(ours: Footprint, theirs: Footprint, steadySpawns: SpawnEntry[], g: ReturnType<typeof goals>): void {
  console.log(
    table([
      ['steady window', 'scout-agent', 'node_exporter', 'ours/theirs'],
      ['RSS median (MiB)', num(ours.rssMedianMiB), num(theirs.rssMedianMiB), ratio(ours.rssMedianMiB, theirs.rssMedianMiB)],
      ['RSS max (MiB)', num(ours.rssMaxMiB), num(theirs.rssMaxMiB), ratio(ours.rssMaxMiB, theirs.rssMaxMiB)],
      ['RSS trend (KiB/min)', num(ours.rssSlopeKiBPerMin, 0), num(theirs.rssSlopeKiBPerMin, 0), ''],
      ['CPU incl. children (ms)', num(ours.cpuMs, 0), num(theirs.cpuMs, 0), ratio(ours.cpuMs, theirs.cpuMs)],
      ['samples / scrapes', String(ours.units), String(theirs.units), ''],
      ['CPU per sample / scrape (ms)', num(ours.cpuMsPerUnit), num(theirs.cpuMsPerUnit), ratio(ours.cpuMsPerUnit, theirs.cpuMsPerUnit)],
      ['CPU share of one core (%)', num(ours.coreSharePct, 3), num(theirs.coreSharePct, 3), ratio(ours.coreSharePct, theirs.coreSharePct)],
      ['child spawns per sample', num(g.spawns.value, 3), 'n/a', ''],
    ]),
  );
  console.log('');
  console.log(table([['goal', 'value', 'result'], ...Object.values(g).map((x) => [x.goal, num(x.value, 3), x.pass ? 'PASS' : 'FAIL'])]));
  for (const e of steadySpawns.slice(0, 10)) console.log(`  steady spawn: +${e.tMs} ${e.api} ${e.line}`);
}

// ---------------------------------------------------------------------------------------
// Main

function benchSeconds(): { seconds: number; source: string } {
  const raw = process.env.BENCH_SECONDS;
  if (raw === undefined || raw === '') return { seconds: DEFAULT_SECONDS, source: 'default' };
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 4) throw new BenchError(`BENCH_SECONDS="${raw}": a whole number of seconds, at least 4`);
  return { seconds, source: 'BENCH_SECONDS' };
}

function startAgent(outDir: string, stateDir: string, spawnLog: string): Child {
  // node itself (not npm or the bin shim) so the pid measured is the agent's; the file
  // URL keeps --import working whatever characters the path holds.
  const args = ['--import', pathToFileURL(SPAWN_COUNTER).href, AGENT_CLI, 'run', '--interval', `${INTERVAL_S}s`, '--segment', '1h'];
  args.push('--out', outDir, '--state-dir', stateDir, '--quiet', '--log-level', 'warn');
  return new Child('scout-agent', process.execPath, args, { ...process.env, SCOUT_BENCH_SPAWN_LOG: spawnLog });
}

async function run(signal: AbortSignal): Promise<void> {
  const { seconds, source } = benchSeconds();
  const warmupS = Math.min(WARMUP_MAX_S, seconds / 2);
  console.log(`bench length: ${seconds} s (${source}); interval ${INTERVAL_S} s; steady window: after the first ${warmupS} s`);
  for (const file of [AGENT_CLI, SPAWN_COUNTER]) if (!existsSync(file)) throw new BenchError(`${file} is missing: run npm run build`);
  ensureNodeExporter();
  const clkTck = clockTicksPerSecond();
  const versions = { node: process.version, nodeExporter: nodeExporterVersion() };
  const cores = os.availableParallelism();
  console.log(`node ${versions.node}; ${versions.nodeExporter}; ${cores} cores; CLK_TCK ${clkTck}`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scout-bench-'));
  const outDir = path.join(tmp, 'out');
  const stateDir = path.join(tmp, 'state');
  const spawnLog = path.join(tmp, 'spawns.log');
  mkdirSync(outDir);
  mkdirSync(stateDir);
  let agent: Child | null = null;
  let exporter: Child | null = null;
  try {
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}/metrics`;
    exporter = new Child('node_exporter', NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${port}`]);
    await waitForMetrics(url, exporter);
    agent = startAgent(outDir, stateDir, spawnLog);
    const t0 = Date.now();
    console.log(`running scout-agent (pid ${agent.pid}) and node_exporter (pid ${exporter.pid}, ${url}) for ${seconds} s ...`);
    const series = await measure(agent, exporter, url, t0, seconds, signal);
    const stop = await stopChild(agent, STOP_TIMEOUT_MS);

    const spawns = readSpawnLog(spawnLog);
    // ESM importers (the agent's own runCommand) and CJS ones (systeminformation) both
    // spawn at startup: nothing logged at all means the counter saw nothing, not zero.
    if (spawns.length === 0) throw new BenchError('spawn counter is broken: not even the startup spawns (getconf ...) were logged');
    const windowStartMs = t0 + warmupS * 1000;
    // Readings are on a 1 s grid, so the window is whole intervals up to timer jitter.
    const ours = footprint(series.agent, windowStartMs, clkTck, (from, to) => Math.round((to - from) / 1000 / INTERVAL_S));
    const theirs = footprint(series.exporter, windowStartMs, clkTck, (from, to) => series.scrapes.filter((s) => s.startMs >= from && s.startMs < to).length);
    const { first, last } = steadyReadings(series.agent, windowStartMs);
    const steadySpawns = spawns.filter((e) => e.tMs >= first.tMs && e.tMs <= last.tMs);
    const g = goals(ours, steadySpawns.length);
    const failedScrapes = series.scrapes.filter((s) => !s.ok).length;
    const bundles = bundlesIn(outDir);

    console.log('');
    printReport(ours, theirs, steadySpawns.map((e) => ({ ...e, tMs: e.tMs - t0 })), g);
    console.log('');
    console.log(`graceful stop: ${stop.ms} ms, exit code ${stop.code ?? `none (${stop.signal})`}${stop.killed ? ' (SIGKILL after timeout)' : ''}`);
    console.log(`spawns, whole run: ${spawns.length} (${formatCounts(countByName(spawns))}); in the steady window: ${steadySpawns.length}`);
    if (!spawns.some((e) => e.name === 'getconf')) console.log('note: no getconf logged: the ESM wrapping may not have worked; counts may be low');
    console.log(`scrapes: ${series.scrapes.length} (${failedScrapes} failed), median ${num(median(series.scrapes.map((s) => s.ms)), 1)} ms, ${Math.round(median(series.scrapes.map((s) => s.bytes)) / 1024)} KiB each`);
    console.log(`bundles written: ${bundles.count}, ${bundles.bytes} bytes; agent stderr: ${agent.stderrLines} lines; node_exporter stderr: ${exporter.stderrLines} lines`);
    for (const line of agent.stderrTail.slice(-5)) console.log(`  agent: ${line.slice(0, 300)}`);

    const json = {
      lengthS: seconds,
      intervalS: INTERVAL_S,
      warmupS,
      cores,
      clkTck,
      versions,
      agent: { ...ours, spawnsSteady: steadySpawns.length, spawnsTotal: spawns.length, spawnsByName: countByName(spawns), steadySpawnsByName: countByName(steadySpawns) },
      nodeExporter: { ...theirs, scrapes: series.scrapes.length, failedScrapes },
      ratios: {
        rssMedian: ours.rssMedianMiB / theirs.rssMedianMiB,
        rssMax: ours.rssMaxMiB / theirs.rssMaxMiB,
        cpuPerUnit: ours.cpuMsPerUnit / theirs.cpuMsPerUnit,
      },
      goals: g,
      stop,
      bundles,
    };
    console.log(`BENCH_JSON ${JSON.stringify(json)}`);
  } finally {
    // Whatever failed above: no process of ours is left behind, nor the temp dirs.
    if (agent && !agent.exit) await stopChild(agent, STOP_TIMEOUT_MS);
    if (exporter) await stopChild(exporter, 5_000);
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  // Ctrl-C or a SIGTERM to the bench still goes through the cleanup in run().
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await run(interrupt.signal);
    return 0;
  } catch (err) {
    console.log(`bench could not run: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof BenchError) && err instanceof Error && err.stack) console.error(err.stack);
    return 1;
  }
}

process.exitCode = await main();
