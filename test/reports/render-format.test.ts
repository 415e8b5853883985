/** The number formatting of the report and its SVG builders: pure functions. */
import { describe, expect, it } from 'vitest';
import { clip, formatBytes, formatDuration, formatNumber, percentile } from '../../reports/format.js';
import { donut, stackedBars } from '../../reports/svg/bar-chart.js';
import { axisTop, downsample, lineChart, niceCeil } from '../../reports/svg/line-chart.js';
import { el, escapeXml, isTrustedSvg, svgDocument } from '../../reports/svg/markup.js';
import { dependencyGraph } from '../../reports/svg/dependency-graph.js';
import { reportHref } from '../../reports/views/common.js';
import { ReportNames, safeSlug } from '../../reports/file-names.js';
import { showBidiControls } from '../../reports/handlebars-env.js';

describe('format', () => {
  it('formatNumber groups like toLocaleString en-US (and never prints -0)', () => {
    for (const v of [0, 1, 12.34, 999.95, 1000, 1234.5, -1234.56, 1e9 + 0.04, 0.04, 100, 12345678.9]) {
      for (const d of [0, 1, 2]) expect(formatNumber(v, d), `${v} ${d}`).toBe(v.toLocaleString('en-US', { maximumFractionDigits: d }));
    }
    expect(formatNumber(-0.04, 0)).toBe('0');
    expect(formatNumber(null)).toBe('–');
  });

  it('bytes, durations, percentiles and clipping', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GiB');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(3600 + 1200)).toBe('1 h 20 min');
    expect(formatDuration(2 * 86400 + 4 * 3600)).toBe('2 d 4 h');
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], 95)).toBe(20);
    expect(clip('x'.repeat(10), 4)).toBe('xxxx… (10 characters)');
  });
});

describe('svg builders', () => {
  it('escape every label and attribute value; only svgDocument makes a TrustedSvg', () => {
    const evil = '<script>alert(1)</script>"\'&';
    const svg = svgDocument(10, 10, evil, 'x', el('text', { x: 1, 'data-name': evil }, evil));
    expect(isTrustedSvg(svg)).toBe(true);
    expect(svg.markup).not.toContain('<script>');
    expect(svg.markup).toContain(escapeXml(evil));
    expect(escapeXml(evil)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(isTrustedSvg({ markup: '<svg/>', length: 6 })).toBe(false);
    expect(() => el('script onload=x', {})).toThrow(/bad tag/);
    expect(() => el('text', { 'onload="x"': 1 })).toThrow(/bad attribute/);
  });

  it('line chart: avg and p95 lines over every sample, downsampled path, a gap breaks the line', () => {
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) {
      // Two runs with an hour between them.
      times.push(i * 15_000 + (i >= 500 ? 3_600_000 : 0));
      values.push(i % 10 === 0 ? 90 : 10);
    }
    const svg = lineChart({ title: 'CPU', times, series: [{ label: 'cpu', cls: 's1', values }], format: (v) => `${v.toFixed(0)} %`, yMax: 100, maxPoints: 200 });
    expect(svg.markup).toContain('avg 18 %');
    expect(svg.markup).toContain('p95 90 %');
    const path = /class="line s1" d="([^"]+)"/.exec(svg.markup)![1]!;
    expect(path.match(/[ML]/g)!.length).toBe(200);
    expect(path.match(/M/g)!.length).toBe(2);
    const d = downsample([1, 2, 3, 4, 5], [1, 5, 2, 2, 9], 3);
    expect(d).toEqual({ t: [1, 3, 5], v: [5, 2, 9] });
    expect(niceCeil(0.35)).toBe(0.4);
    expect(niceCeil(730)).toBe(800);
    expect(axisTop(23.5 * 1024 ** 3, true)).toBe(24 * 1024 ** 3);
    expect(axisTop(19 * 1024 ** 2, true)).toBe(20 * 1024 ** 2);
    expect(axisTop(92)).toBe(100);
  });

  it('bars, donut and dependency graph escape their labels and bound their size', () => {
    const bars = stackedBars('objects', [{ label: '<b>t</b>', segments: [{ key: 'a', cls: 'converted', value: 3 }] }], [{ label: 'a', cls: 'converted' }]);
    expect(bars.markup).toContain('&lt;b&gt;t&lt;/b&gt;');
    const d = donut('paths', [{ key: 'dms', cls: 'c0', value: 2 }, { key: 'native-dump', cls: 'c1', value: 1 }], '3');
    expect(d.markup.match(/<path /g)).toHaveLength(2);
    const nodes = Array.from({ length: 300 }, (_, i) => ({ id: `h${i}`, label: `host ${i} <x>`, kind: 'host' as const }));
    const g = dependencyGraph({ nodes: [...nodes, { id: 'db', label: 'db', kind: 'database-server' }], edges: nodes.map((n) => ({ from: n.id, to: 'db', port: 3306, connections: 1 })) }, 60);
    expect(g.shownNodes).toBe(61);
    expect(g.hiddenNodes).toBe(240);
    expect(g.svg.markup).toContain('+ 240 more');
    expect(g.svg.markup).not.toContain('<x>');
  });
});

describe('names and links', () => {
  it('slugs are safe, distinct and stable', () => {
    expect(safeSlug('db1')).toBe('db1');
    expect(safeSlug('../../etc/passwd')).toMatch(/^etc-passwd-[0-9a-f]{8}$/);
    expect(safeSlug('<script>')).toMatch(/^script-[0-9a-f]{8}$/);
    expect(safeSlug('')).toMatch(/^x-[0-9a-f]{8}$/);
    expect(safeSlug('a'.repeat(500)).length).toBeLessThanOrEqual(89);
    const names = new ReportNames();
    names.addHost('agent-1', 'web');
    names.addHost('agent-2', 'web');
    expect(names.host('agent-1')).toBe('hosts/web.html');
    expect(names.host('agent-2')).toMatch(/^hosts\/web-[0-9a-f]{8}\.html$/);
    expect(names.ddlDir('s1', 'A b')).toBe(`ddl/${names.database('s1', 'A b')!.slice('databases/'.length, -'.html'.length)}`);
  });

  it('hrefs stay relative paths inside the report', () => {
    expect(reportHref('../', 'dms/javascript:alert(1).json')).toBe('../dms/javascript%3Aalert(1).json');
    expect(reportHref('', '../../etc/passwd')).toBe('etc/passwd');
    expect(reportHref('', 'a b/c"d.html')).toBe('a%20b/c%22d.html');
  });

  it('bidirectional controls are shown as code points', () => {
    expect(showBidiControls('x\u202Egnp.exe')).toBe('x[U+202E]gnp.exe');
  });
});
