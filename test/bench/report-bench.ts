/**
 * Report bench (issue 7): `scout analyze` on synthetic estates of 250, 500 and 1,000 hosts,
 * one MariaDB server of 200 tables on every tenth host (report-bench-data.ts). Goals for
 * 1,000 hosts: ≤ 60 s, peak RSS ≤ 1 GB, index.html ≤ 2 MB and loaded in Chromium in ≤ 1 s;
 * time per host about flat from 250 to 1,000 (linear growth).
 *
 *   npm run bench:report
 *   npm run bench:report -- --hosts 100,200 --tables 50 --samples 12 --keep
 *
 * Each host has one hour of samples at 15 s (240, one daemon segment's hour) unless --samples
 * says otherwise.
 *
 * Each size is one fresh `node dist/analyzer/cli.js analyze <files> --out <dir>` process. Its
 * peak memory is the kernel's peak RSS of that process, read by a preloaded hook at exit
 * (process.resourceUsage().maxRSS), so peaks inside synchronous work are not missed. The
 * load time is navigation start to the load event of index.html over file://, median of 3,
 * in the distribution's Chromium (playwright-core, as the browser tests).
 *
 * Prints a table, the goals and `BENCH_JSON {...}`. Exit 0 when the bench ran (a missed goal
 * is a measurement), 1 when it could not run, 2 for bad usage.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { validateBundle } from '../../agent/bundle/index.js';
import { emptyProblems, launchBrowser, openFile, type PageProblems } from '../reports/helpers/browser.js';
import { DEFAULT_SHAPE, hostName, loadTemplate, syntheticHost, type EstateShape } from './report-bench-data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCOUT_CLI = path.join(ROOT, 'dist/analyzer/cli.js');
const TEMPLATE = path.join(ROOT, 'test/fixtures/bundles/v1-collect-debian12.scout.json.gz');

const GOAL_SECONDS = 60;
const GOAL_RSS_BYTES = 1024 ** 3;
const GOAL_INDEX_BYTES = 2 * 1024 ** 2;
const GOAL_LOAD_MS = 1000;
/** s/host at the largest size over s/host at the smallest: above this, growth is not linear. */
const LINEAR_RATIO = 1.5;

class UsageError extends Error {}

interface Options {
  sizes: number[];
  keep: boolean;
  tables: number;
  samples: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { sizes: [250, 500, 1000], keep: false, tables: DEFAULT_SHAPE.tablesPerDatabase, samples: DEFAULT_SHAPE.samplesPerHost };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--keep') o.keep = true;
    else if (a === '--hosts') {
      o.sizes = (argv[++k] ?? '').split(',').map(Number);
      if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError('--hosts takes sizes like 250,500,1000');
    } else if (a === '--tables') {
      o.tables = Number(argv[++k]);
      if (!Number.isInteger(o.tables) || o.tables < 1) throw new UsageError('--tables takes a positive integer');
    } else if (a === '--samples') {
      o.samples = Number(argv[++k]);
      if (!Number.isInteger(o.samples) || o.samples < 1) throw new UsageError('--samples takes a positive integer');
    } else throw new UsageError(`unknown argument: ${a}`);
  }
  return o;
}

const PRELOAD = `const fs = require('node:fs');
process.on('exit', () => {
  const file = process.env.SCOUT_BENCH_RSS_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
`;

interface RunResult {
  hosts: number;
  databases: number;
  seconds: number;
  maxRssBytes: number;
  outputBytes: number;
  files: number;
  indexBytes: number;
  loadMs: number;
  pageProblems: PageProblems;
}

function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      bytes += statSync(path.join(e.parentPath, e.name)).size;
      files++;
    }
  }
  return { bytes, files };
}

function runAnalyze(files: string[], out: string, preload: string, rssFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', preload, SCOUT_CLI, 'analyze', ...files, '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SCOUT_BENCH_RSS_FILE: rssFile, SCOUT_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number): string => (b / 1024 ** 2).toFixed(1);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const shape: EstateShape = { ...DEFAULT_SHAPE, hosts: Math.max(...options.sizes), tablesPerDatabase: options.tables, samplesPerHost: options.samples };
  const work = mkdtempSync(path.join(os.tmpdir(), 'scout-bench-report-'));
  const bundles = path.join(work, 'bundles');
  mkdirSync(bundles);
  const preload = path.join(work, 'rss-preload.cjs');
  writeFileSync(preload, PRELOAD);
  try {
    const template = loadTemplate(TEMPLATE);
    const end = Date.parse('2026-11-20T12:00:00.000Z');
    const genStart = Date.now();
    const files: string[] = [];
    let bundleBytes = 0;
    for (let i = 0; i < shape.hosts; i++) {
      const bundle = syntheticHost(template, i, shape, end);
      // Spot checks: a host with a database and one without must be valid bundles.
      if (i < 2) {
        const check = validateBundle(bundle);
        if (!check.ok) throw new Error(`synthetic bundle ${i} invalid: ${check.problems.slice(0, 5).join('; ')}`);
      }
      const file = path.join(bundles, `${hostName(i)}.scout.json.gz`);
      const gz = gzipSync(JSON.stringify(bundle), { level: 1 });
      writeFileSync(file, gz);
      bundleBytes += gz.length;
      files.push(file);
    }
    console.log(`generated ${shape.hosts} host bundles of ${shape.samplesPerHost} samples (${Math.ceil(shape.hosts / shape.dbEvery)} with a ${shape.tablesPerDatabase}-table MariaDB schema), ${mb(bundleBytes)} MB gzipped, in ${((Date.now() - genStart) / 1000).toFixed(1)} s`);

    const browser = await launchBrowser();
    const results: RunResult[] = [];
    try {
      for (const n of options.sizes) {
        const out = path.join(work, `out-${n}`);
        const rssFile = path.join(work, `rss-${n}.json`);
        const started = process.hrtime.bigint();
        const res = await runAnalyze(files.slice(0, n), out, preload, rssFile);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (res.code !== 0) throw new Error(`scout analyze (${n} hosts) exited ${res.code}: ${res.stderr.slice(-3000)}`);
        const index = res.stdout.trim().split('\n').at(-1) ?? '';
        if (!index.endsWith('index.html')) throw new Error(`scout analyze (${n} hosts) did not print index.html last: ${res.stdout.slice(-500)}`);
        const { maxRssKb } = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number };
        const size = dirSize(out);
        const loads: number[] = [];
        let pageProblems: PageProblems | null = null;
        for (let k = 0; k < 3; k++) {
          const opened = await openFile(browser, index);
          loads.push(opened.loadMs);
          pageProblems ??= opened.problems;
          await opened.close();
        }
        const r: RunResult = {
          hosts: n,
          databases: Math.ceil(n / shape.dbEvery),
          seconds,
          maxRssBytes: maxRssKb * 1024,
          outputBytes: size.bytes,
          files: size.files,
          indexBytes: statSync(index).size,
          loadMs: median(loads),
          pageProblems: pageProblems!,
        };
        results.push(r);
        console.log(
          `${String(n).padStart(5)} hosts, ${String(r.databases).padStart(3)} databases: ${r.seconds.toFixed(1)} s (${(r.seconds / n).toFixed(4)} s/host), ` +
            `peak RSS ${mb(r.maxRssBytes)} MB, output ${mb(r.outputBytes)} MB in ${r.files} files, index.html ${(r.indexBytes / 1024).toFixed(0)} KB loaded in ${r.loadMs} ms` +
            (emptyProblems(r.pageProblems) ? '' : `, PAGE PROBLEMS ${JSON.stringify(r.pageProblems).slice(0, 500)}`),
        );
        if (!options.keep) rmSync(out, { recursive: true, force: true });
      }
    } finally {
      await browser.close();
    }

    const largest = results.at(-1)!;
    const smallest = results[0]!;
    const ratio = largest.seconds / largest.hosts / (smallest.seconds / smallest.hosts);
    const goals = {
      time: largest.seconds <= GOAL_SECONDS,
      memory: largest.maxRssBytes <= GOAL_RSS_BYTES,
      indexSize: largest.indexBytes <= GOAL_INDEX_BYTES,
      load: largest.loadMs <= GOAL_LOAD_MS,
      linear: results.length < 2 || ratio <= LINEAR_RATIO,
      cleanPages: results.every((r) => emptyProblems(r.pageProblems)),
    };
    const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');
    console.log(
      `goals at ${largest.hosts} hosts: time ${largest.seconds.toFixed(1)} s ≤ ${GOAL_SECONDS} s ${mark(goals.time)}; ` +
        `peak RSS ${mb(largest.maxRssBytes)} MB ≤ 1024 MB ${mark(goals.memory)}; index.html ${mb(largest.indexBytes)} MB ≤ 2 MB ${mark(goals.indexSize)}; ` +
        `load ${largest.loadMs} ms ≤ ${GOAL_LOAD_MS} ms ${mark(goals.load)}; ` +
        `s/host ${largest.hosts} vs ${smallest.hosts}: ×${ratio.toFixed(2)} (≤ ${LINEAR_RATIO} is linear) ${mark(goals.linear)}; ` +
        `pages without console errors or failed requests ${mark(goals.cleanPages)}`,
    );
    console.log(`BENCH_JSON ${JSON.stringify({ shape, results, perHostRatio: ratio, goals })}`);
    if (options.keep) console.log(`kept: ${work}`);
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`bench:report: ${err.message}`);
    process.exitCode = 2;
    return;
  }
  console.error(`bench:report could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
