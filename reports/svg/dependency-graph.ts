/**
 * The dependency graph of plan.html: external clients, hosts and database servers in three
 * columns, an edge per observed connection (client → server port). Large estates keep the
 * most connected nodes of each column (`maxPerColumn`) and say how many were left out; the
 * full graph is in plan.json.
 */
import type { PlanGraph } from '../../analyzer/plan/schema.js';
import { el, svgDocument, type SvgNode, type TrustedSvg } from './markup.js';

type Kind = PlanGraph['nodes'][number]['kind'];

const COLUMNS: Kind[] = ['external', 'host', 'database-server'];
const COLUMN_TITLES: Record<Kind, string> = { external: 'external clients', host: 'hosts', 'database-server': 'database servers' };
const W = 900;
const ROW = 26;
const NODE_W = 220;
const TOP = 40;

export interface GraphLayout {
  svg: TrustedSvg;
  shownNodes: number;
  hiddenNodes: number;
  shownEdges: number;
}

export function dependencyGraph(graph: PlanGraph, maxPerColumn = 60): GraphLayout {
  const degree = new Map<string, number>();
  for (const e of graph.edges) {
    degree.set(e.from, (degree.get(e.from) ?? 0) + 1);
    degree.set(e.to, (degree.get(e.to) ?? 0) + 1);
  }
  const pos = new Map<string, { x: number; y: number }>();
  const parts: SvgNode[] = [];
  let rows = 0;
  let hidden = 0;
  const colX = (i: number): number => 10 + i * ((W - NODE_W - 20) / (COLUMNS.length - 1));
  COLUMNS.forEach((kind, ci) => {
    const all = graph.nodes.filter((n) => n.kind === kind);
    const kept = [...all]
      .sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || a.label.localeCompare(b.label))
      .slice(0, maxPerColumn)
      .sort((a, b) => a.label.localeCompare(b.label));
    hidden += all.length - kept.length;
    const x = colX(ci);
    parts.push(el('text', { class: 'col-title', x, y: 18 }, `${COLUMN_TITLES[kind]} (${all.length})`));
    kept.forEach((n, i) => {
      const y = TOP + i * ROW;
      pos.set(n.id, { x, y });
      const label = n.label.length > 30 ? `${n.label.slice(0, 29)}…` : n.label;
      parts.push(el('g', { class: `node ${kind}` }, el('title', {}, n.label), el('rect', { x, y, width: NODE_W, height: ROW - 6, rx: 4 }), el('text', { x: x + 8, y: y + 14 }, label)));
    });
    if (all.length > kept.length) {
      const y = TOP + kept.length * ROW;
      parts.push(el('text', { class: 'axis', x: x + 8, y: y + 14 }, `+ ${all.length - kept.length} more (see plan.json)`));
    }
    rows = Math.max(rows, kept.length + (all.length > kept.length ? 1 : 0));
  });
  const labelOf = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const edges: SvgNode[] = [];
  let shownEdges = 0;
  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    shownEdges++;
    const ay = a.y + (ROW - 6) / 2;
    const by = b.y + (ROW - 6) / 2;
    let d: string;
    if (a.x === b.x) {
      // Same column: an arc on the right side.
      const bend = a.x + NODE_W + 30 + Math.min(60, Math.abs(by - ay) / 4);
      d = `M${a.x + NODE_W} ${ay} C${bend} ${ay} ${bend} ${by} ${b.x + NODE_W} ${by}`;
    } else {
      const [from, to] = a.x < b.x ? [{ x: a.x + NODE_W, y: ay }, { x: b.x, y: by }] : [{ x: a.x, y: ay }, { x: b.x + NODE_W, y: by }];
      const mid = (from.x + to.x) / 2;
      d = `M${from.x} ${from.y} C${mid} ${from.y} ${mid} ${to.y} ${to.x} ${to.y}`;
    }
    edges.push(el('path', { class: 'edge', d }, el('title', {}, `${labelOf.get(e.from) ?? e.from} → ${labelOf.get(e.to) ?? e.to}${e.port !== null ? ` port ${e.port}` : ''} (${e.connections} connections)`)));
  }
  const svg = svgDocument(W, TOP + Math.max(1, rows) * ROW + 10, 'Dependency graph: clients and the database servers they connect to', 'graph', ...edges, ...parts);
  return { svg, shownNodes: pos.size, hiddenNodes: hidden, shownEdges };
}
