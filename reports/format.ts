/** Number formatting shared by the handlebars helpers and the SVG charts: plain strings, no markup. */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  let v = Math.abs(value);
  let i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${value < 0 ? '-' : ''}${v.toFixed(digits)} ${BYTE_UNITS[i]}`;
}

/** Bytes per second as a rate. */
export function formatRate(value: number | null | undefined): string {
  const b = formatBytes(value);
  return b === '–' ? b : `${b}/s`;
}

/** Seconds as `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86_400);
  const h = Math.round((s % 86_400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** Grouped digits (1,234.5), at most `digits` decimals, trailing zeros dropped. (toLocaleString is ~50× slower.) */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  let text = Math.abs(value).toFixed(digits);
  if (digits > 0) text = text.replace(/\.?0+$/, '');
  const dot = text.indexOf('.');
  const int = dot < 0 ? text : text.slice(0, dot);
  const grouped = int.length > 3 ? int.replace(/\B(?=(\d{3})+$)/g, ',') : int;
  const sign = value < 0 && Number(text) !== 0 ? '-' : '';
  return `${sign}${grouped}${dot < 0 ? '' : text.slice(dot)}`;
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '–';
  return `${formatNumber((part / whole) * 100, part === whole ? 0 : 1)} %`;
}

export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '–';
  return `${formatNumber(hours, 1)} h`;
}

/** The p-th percentile (0–100) with linear interpolation, 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function average(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The largest value (0 for none), without spreading a long array into arguments. */
export function maxOf(values: readonly number[], floor = 0): number {
  let m = floor;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** Text cut to `max` characters, saying how long it was: a 5,000-character name must not swamp a table. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
