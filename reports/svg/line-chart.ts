/**
 * A time-series line chart with its average and 95th-percentile lines, as inline SVG.
 * Long series are reduced to at most `maxPoints` points, each the maximum of its bucket, so
 * peaks stay visible; avg and p95 are computed on every sample. A gap in time (a stopped
 * agent between daemon segments) breaks the line instead of drawing across it.
 */
import { average, percentile } from '../format.js';
import { el, svgDocument, type SvgNode, type TrustedSvg } from './markup.js';

export interface LineSeries {
  label: string;
  /** CSS class of the line (s1, s2 …): colours live in the stylesheet. */
  cls: string;
  /** One value per time point; NaN for a missing value. */
  values: readonly number[];
}

export interface LineChartInput {
  title: string;
  /** Epoch milliseconds, ascending. */
  times: readonly number[];
  series: readonly LineSeries[];
  format: (value: number) => string;
  /** The values the avg and p95 lines are computed over (default: the first series). */
  reference?: readonly number[];
  referenceLabel?: string;
  /** Fixed top of the y axis (CPU: 100); otherwise from the data. */
  yMax?: number;
  /** The lowest top of the y axis when it comes from the data (a flat zero line still gets a scale). */
  yFloor?: number;
  /** Byte values: round the axis in binary units. */
  binary?: boolean;
  maxPoints?: number;
}

const W = 720;
const H = 240;
const M = { left: 70, right: 96, top: 26, bottom: 30 };

const STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** A round number at least `v`: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of STEPS) if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/**
 * The top of a y axis with four round ticks: four times a round step. `binary` rounds in
 * KiB/MiB/GiB units, so a byte axis reads 6 GiB, 12 GiB … rather than 5.89 GiB.
 */
export function axisTop(v: number, binary = false): number {
  if (!(v > 0)) return 1;
  let unit = 1;
  if (binary) while (v / unit >= 1024 * 4) unit *= 1024;
  return 4 * niceCeil(v / unit / 4) * unit;
}

/** Bucket maxima: at most `max` points, returned with the times of their buckets' first samples. */
export function downsample(times: readonly number[], values: readonly number[], max: number): { t: number[]; v: number[] } {
  if (times.length <= max) return { t: [...times], v: [...values] };
  const size = Math.ceil(times.length / max);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < times.length; i += size) {
    let m = Number.NaN;
    for (let j = i; j < Math.min(i + size, times.length); j++) {
      const x = values[j]!;
      if (Number.isFinite(x) && !(x <= m)) m = x;
    }
    t.push(times[i]!);
    v.push(m);
  }
  return { t, v };
}

/** UTC time of an axis end: to the second for a window under an hour, else to the minute. */
const axisTime = (ms: number, span: number): string => new Date(ms).toISOString().slice(0, span < 3_600_000 ? 19 : 16).replace('T', ' ');

export function lineChart(input: LineChartInput): TrustedSvg {
  const { times, series, format } = input;
  const maxPoints = input.maxPoints ?? 360;
  const ref = (input.reference ?? series[0]?.values ?? []).filter((x) => Number.isFinite(x));
  const avg = average(ref);
  const p95 = percentile(ref, 95);
  let top = 0;
  for (const s of series) for (const x of s.values) if (Number.isFinite(x) && x > top) top = x;
  const yMax = input.yMax ?? axisTop(Math.max(top, p95, input.yFloor ?? 0) * 1.02, input.binary ?? false);
  const t0 = times[0] ?? 0;
  const t1 = times[times.length - 1] ?? t0 + 1;
  const span = Math.max(1, t1 - t0);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (t: number): number => M.left + ((t - t0) / span) * pw;
  const y = (v: number): number => M.top + ph - (Math.min(Math.max(v, 0), yMax) / yMax) * ph;

  const parts: SvgNode[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(el('line', { class: 'grid', x1: M.left, x2: M.left + pw, y1: y(v), y2: y(v) }));
    parts.push(el('text', { class: 'axis', x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  if (times.length > 0) {
    parts.push(el('text', { class: 'axis', x: M.left, y: H - 8, 'text-anchor': 'start' }, axisTime(t0, span)));
    parts.push(el('text', { class: 'axis', x: M.left + pw, y: H - 8, 'text-anchor': 'end' }, `${axisTime(t1, span)} UTC`));
  }

  for (const s of series) {
    const d = downsample(times, s.values, maxPoints);
    // Median step between points: a step over three times that is a gap.
    const steps: number[] = [];
    for (let i = 1; i < d.t.length; i++) steps.push(d.t[i]! - d.t[i - 1]!);
    const gap = 3 * Math.max(1, percentile(steps, 50));
    let path = '';
    let prev: number | null = null;
    for (let i = 0; i < d.t.length; i++) {
      const v = d.v[i]!;
      if (!Number.isFinite(v)) {
        prev = null;
        continue;
      }
      const cmd = prev === null || d.t[i]! - prev > gap ? 'M' : 'L';
      path += `${cmd}${x(d.t[i]!).toFixed(1)} ${y(v).toFixed(1)}`;
      prev = d.t[i]!;
    }
    if (path) parts.push(el('path', { class: `line ${s.cls}`, d: path }));
    else if (d.t.length === 1 && Number.isFinite(d.v[0])) parts.push(el('circle', { class: `dot ${s.cls}`, cx: x(d.t[0]!), cy: y(d.v[0]!), r: 3 }));
  }
  if (ref.length > 0) {
    const label = input.referenceLabel ? ` (${input.referenceLabel})` : '';
    parts.push(el('line', { class: 'avg', x1: M.left, x2: M.left + pw, y1: y(avg), y2: y(avg) }));
    parts.push(el('line', { class: 'p95', x1: M.left, x2: M.left + pw, y1: y(p95), y2: y(p95) }));
    // Keep the two labels apart when the lines are close.
    const ya = y(avg);
    const yp = Math.min(y(p95), ya - 12);
    parts.push(el('text', { class: 'mark', x: M.left + pw + 4, y: ya + 4 }, `avg ${format(avg)}`));
    parts.push(el('text', { class: 'mark', x: M.left + pw + 4, y: yp + 4 }, `p95 ${format(p95)}`));
    parts.push(el('desc', {}, `average${label} ${format(avg)}, 95th percentile ${format(p95)}`));
  }
  const legend = series.map((s, i) => el('text', { class: `legend ${s.cls}`, x: M.left + i * 140, y: 12 }, `— ${s.label}`));
  return svgDocument(W, H, input.title, 'line-chart', ...parts, ...legend);
}
