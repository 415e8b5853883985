import type { MetricSummary, PerfSample } from '../bundle/schema.js';
import { compareText } from '../compare.js';

/**
 * Percentile with linear interpolation between closest ranks (numpy's default), on a
 * sorted array. p is in [0, 100].
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function summarize(values: readonly number[]): MetricSummary {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, min: 0, avg: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    count: sorted.length,
    min: r2(sorted[0] as number),
    avg: r2(sum / sorted.length),
    p50: r2(percentile(sorted, 50)),
    p95: r2(percentile(sorted, 95)),
    p99: r2(percentile(sorted, 99)),
    max: r2(sorted[sorted.length - 1] as number),
  };
}

function flatten(value: unknown, prefix: string, out: Map<string, number[]>): void {
  if (typeof value === 'number') {
    let list = out.get(prefix);
    if (!list) out.set(prefix, (list = []));
    list.push(value);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
}

/**
 * One summary per numeric metric path over all samples: `cpu.totalPct`,
 * `cpu.perCorePct.0`, `disk.devices.vda.readBytesPerSec`, `filesystems./.usedBytes`…
 */
export function summarizeSamples(samples: readonly PerfSample[]): Record<string, MetricSummary> {
  const series = new Map<string, number[]>();
  for (const s of samples) {
    const { t: _t, ...metrics } = s;
    flatten(metrics, '', series);
  }
  const out: Record<string, MetricSummary> = {};
  for (const [key, values] of [...series].sort((a, b) => compareText(a[0], b[0]))) out[key] = summarize(values);
  return out;
}
