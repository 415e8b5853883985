/** Horizontal stacked bars (objects by type and status) and a donut (shares of a whole), as inline SVG. */
import { el, svgDocument, type SvgNode, type TrustedSvg } from './markup.js';

export interface Segment {
  key: string;
  /** CSS class: colours live in the stylesheet. */
  cls: string;
  value: number;
}

export interface BarRow {
  label: string;
  segments: readonly Segment[];
}

const W = 720;
const ROW = 24;
const LABEL = 170;
const VALUE = 60;

/** One bar per row, its segments side by side, all bars on one scale. */
export function stackedBars(title: string, rows: readonly BarRow[], legend: readonly { label: string; cls: string }[]): TrustedSvg {
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0)));
  const pw = W - LABEL - VALUE;
  const parts: SvgNode[] = [];
  legend.forEach((l, i) => {
    parts.push(el('rect', { class: `seg ${l.cls}`, x: LABEL + i * 150, y: 4, width: 12, height: 12 }));
    parts.push(el('text', { class: 'axis', x: LABEL + i * 150 + 16, y: 14 }, l.label));
  });
  rows.forEach((r, i) => {
    const y = 24 + i * ROW;
    parts.push(el('text', { class: 'label', x: LABEL - 8, y: y + 15, 'text-anchor': 'end' }, r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label));
    let x = LABEL;
    let total = 0;
    for (const s of r.segments) {
      total += s.value;
      if (s.value <= 0) continue;
      const w = (s.value / max) * pw;
      parts.push(el('rect', { class: `seg ${s.cls}`, x, y: y + 3, width: Math.max(w, 1), height: ROW - 8 }, el('title', {}, `${r.label}: ${s.key} ${s.value}`)));
      x += w;
    }
    parts.push(el('text', { class: 'axis', x: x + 6, y: y + 15 }, String(total)));
  });
  return svgDocument(W, 30 + rows.length * ROW, title, 'bar-chart', ...parts);
}

/** A donut of the slices' shares with a legend of labels and counts beside it. */
export function donut(title: string, slices: readonly Segment[], centre: string): TrustedSvg {
  const total = slices.reduce((n, s) => n + Math.max(0, s.value), 0);
  const cx = 90;
  const cy = 90;
  const r = 70;
  const inner = 42;
  const parts: SvgNode[] = [];
  let a = -Math.PI / 2;
  const shown = slices.filter((s) => s.value > 0);
  if (total === 0) {
    parts.push(el('circle', { class: 'seg empty', cx, cy, r, 'fill-opacity': 0.3 }));
  } else if (shown.length === 1) {
    parts.push(el('circle', { class: `seg ${shown[0]!.cls}`, cx, cy, r }, el('title', {}, `${shown[0]!.key}: ${shown[0]!.value}`)));
  } else {
    for (const s of shown) {
      const b = a + (s.value / total) * 2 * Math.PI;
      const large = b - a > Math.PI ? 1 : 0;
      const p = (ang: number, rad: number): string => `${(cx + rad * Math.cos(ang)).toFixed(2)} ${(cy + rad * Math.sin(ang)).toFixed(2)}`;
      const d = `M${p(a, r)} A${r} ${r} 0 ${large} 1 ${p(b, r)} L${p(b, inner)} A${inner} ${inner} 0 ${large} 0 ${p(a, inner)} Z`;
      parts.push(el('path', { class: `seg ${s.cls}`, d }, el('title', {}, `${s.key}: ${s.value}`)));
      a = b;
    }
  }
  parts.push(el('circle', { class: 'hole', cx, cy, r: inner }));
  parts.push(el('text', { class: 'centre', x: cx, y: cy + 6, 'text-anchor': 'middle' }, centre));
  slices.forEach((s, i) => {
    const y = 20 + i * 22;
    parts.push(el('rect', { class: `seg ${s.cls}`, x: 190, y: y - 11, width: 12, height: 12 }));
    parts.push(el('text', { class: 'label', x: 208, y }, `${s.key.length > 30 ? `${s.key.slice(0, 29)}…` : s.key}: ${s.value}`));
  });
  return svgDocument(440, Math.max(180, 30 + slices.length * 22), title, 'donut', ...parts);
}
