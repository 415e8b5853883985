/**
 * One measured conversion of the convert bench (convert-bench.ts), in a process of its own so
 * that its peak memory is its own: reads the cached bundle, builds the model (timed), converts
 * it (timed), and prints one JSON line with the times, the memory and what the conversion
 * produced.
 *
 *   node dist/test/bench/convert-bench-child.js '{"bundleFile":"…","database":"…","target":"mysql"}'
 *
 * Memory: the kernel's peak resident set (process.resourceUsage().maxRSS, which no sampling
 * can miss), process.memoryUsage().rss sampled after each phase, and the V8 heap.
 */
import v8 from 'node:v8';
import { readBundleFile } from '../../agent/bundle/index.js';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import type { TargetEngine } from '../../analyzer/convert/result.js';
import { listDatabases, modelFromCatalog } from '../../analyzer/model/from-bundle.js';

/** What the bench asks for. */
export interface BenchTask {
  bundleFile: string;
  database: string;
  target: TargetEngine;
}

/** What one run reports: times in ms, memory in bytes; `error` names the phase that threw. */
export interface BenchOutcome {
  readMs: number;
  modelMs: number | null;
  convertMs: number | null;
  /** CPU time (user + system, all threads) of the model build and the conversion: what the wall time would be on an idle machine, near enough. */
  cpuMs: number | null;
  /** Peak resident set of the whole process (bundle, model and result), from the kernel. */
  maxRssBytes: number;
  /** The largest process.memoryUsage().rss seen after a phase. */
  sampledRssBytes: number;
  /** The V8 heap's largest used size seen after a phase. */
  heapUsedBytes: number;
  statements: number;
  actionItems: number;
  tables: number;
  error: string | null;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);

async function measure(task: BenchTask): Promise<BenchOutcome> {
  const out: BenchOutcome = { readMs: 0, modelMs: null, convertMs: null, cpuMs: null, maxRssBytes: 0, sampledRssBytes: 0, heapUsedBytes: 0, statements: 0, actionItems: 0, tables: 0, error: null };
  const sample = (): void => {
    out.sampledRssBytes = Math.max(out.sampledRssBytes, process.memoryUsage().rss);
    out.heapUsedBytes = Math.max(out.heapUsedBytes, v8.getHeapStatistics().used_heap_size);
  };
  let t = performance.now();
  const bundle = await readBundleFile(task.bundleFile);
  out.readMs = performance.now() - t;
  sample();
  const ref = listDatabases(bundle).find((r) => r.database.name === task.database);
  if (!ref) return { ...out, error: `${task.database} is not in ${task.bundleFile}` };
  const cpu = process.cpuUsage();
  try {
    t = performance.now();
    const model = modelFromCatalog(ref);
    out.modelMs = performance.now() - t;
    sample();
    out.tables = model.schemas.reduce((n, s) => n + s.tables.length, 0);
    t = performance.now();
    const result = convertDatabase(model, task.target);
    out.convertMs = performance.now() - t;
    const used = process.cpuUsage(cpu);
    out.cpuMs = (used.user + used.system) / 1000;
    sample();
    out.statements = result.statements.length;
    out.actionItems = result.actionItems.length;
  } catch (err) {
    out.error = `${out.modelMs === null ? 'model' : 'conversion'} threw: ${messageOf(err)}`;
  }
  return out;
}

const outcome = await measure(JSON.parse(process.argv[2] ?? '{}') as BenchTask).catch((err: unknown): BenchOutcome => ({
  readMs: 0,
  modelMs: null,
  convertMs: null,
  cpuMs: null,
  maxRssBytes: 0,
  sampledRssBytes: 0,
  heapUsedBytes: 0,
  statements: 0,
  actionItems: 0,
  tables: 0,
  error: `could not run: ${messageOf(err)}`,
}));
// maxRSS is in kilobytes.
outcome.maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify(outcome)}\n`);
