/**
 * The HTML pages rendered from a fixture whose names carry payloads: every page is written,
 * every payload comes out as text, the CSP hashes match the one script and stylesheet, and
 * the links stay inside the report.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostBundles } from '../../analyzer/load-bundles.js';
import type { Plan } from '../../analyzer/plan/schema.js';
import { ReportNames } from '../../reports/file-names.js';
import { reportEnv } from '../../reports/handlebars-env.js';
import { writeReport, type WrittenReport } from '../../reports/write-report.js';
import { EVIL_DB, EVIL_HOST, EVIL_TABLE, PAYLOADS, fixtureAssessment, fixtureHost, fixturePlan } from './render-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'scout-render-'));
let host: HostBundles;
let plan: Plan;
let written: WrittenReport;
const pages: Record<string, string> = {};

beforeAll(async () => {
  host = await fixtureHost();
  plan = fixturePlan(host);
  written = writeReport({ outDir: dir, plan, hosts: [host], assessments: [fixtureAssessment(plan.servers[0]!.id)], names: new ReportNames(), skipped: [{ file: `bad${PAYLOADS.img}.scout.json.gz`, message: 'not gzip' }], scoutVersion: '0.1.0' });
  for (const sub of ['', 'hosts', 'databases']) {
    for (const f of readdirSync(path.join(dir, sub))) if (f.endsWith('.html')) pages[path.join(sub, f)] = readFileSync(path.join(dir, sub, f), 'utf8');
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (t: string): string => createHash('sha256').update(t, 'utf8').digest('base64');
const decode = (html: string): string => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');

describe('report pages', () => {
  it('writes index, plan, one host page and one database page with safe names', () => {
    expect(Object.keys(pages).map((p) => path.dirname(p)).sort()).toEqual(['.', '.', 'databases', 'hosts']);
    for (const p of Object.keys(pages)) expect(p).toMatch(/^(index|plan|hosts\/[a-z0-9._-]+|databases\/[a-z0-9._-]+)\.html$/);
    expect(written.hostPages).toBe(1);
    expect(written.databasePages).toBe(1);
  });

  it('renders every payload as text: no injected element, attribute or script', () => {
    for (const [name, html] of Object.entries(pages)) {
      const scripts = html.match(/<script\b/g) ?? [];
      expect(scripts, name).toHaveLength(1);
      expect(html, name).not.toContain('<img');
      expect(html, name).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(html, name).not.toMatch(/href="\s*javascript:/i);
      expect(html, name).not.toMatch(/\sstyle\s*=/i);
      expect(html, name).not.toContain(PAYLOADS.script);
      expect(html, name).not.toContain(PAYLOADS.img);
    }
    // Each payload is there, as text.
    const host = Object.entries(pages).find(([p]) => p.startsWith('hosts'))![1];
    const db = Object.entries(pages).find(([p]) => p.startsWith('databases'))![1];
    expect(decode(host)).toContain(EVIL_HOST);
    expect(host).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // A right-to-left override cannot reorder the text around it: it is shown as its code point.
    expect(host).toContain('[U+202E]gnp.exe');
    expect(host).not.toContain('\u202E');
    expect(decode(db)).toContain(EVIL_TABLE);
    expect(decode(db)).toContain(EVIL_DB);
    // The mustache payload is data, never compiled: it comes out as its own text.
    expect(decode(db)).toContain(PAYLOADS.mustache);
    expect(decode(pages['index.html']!)).toContain(`bad${PAYLOADS.img}.scout.json.gz`);
    // A link built from a name stays a relative path inside the report.
    expect(pages['plan.html']).toContain('href="dms/javascript%3Aalert(3).json"');
  });

  it('carries a CSP whose hashes are those of the one inline script and stylesheet, the same on every page', () => {
    const env = reportEnv();
    for (const [name, html] of Object.entries(pages)) {
      const csp = decode(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!);
      expect(csp, name).toBe(env.csp);
      expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:/);
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      expect(csp).toContain(`script-src 'sha256-${sha(script)}'`);
      expect(csp).toContain(`style-src 'sha256-${sha(style)}'`);
      expect(script).toBe(env.script);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    }
  });

  it('shows the key content: host count, table name, path, checks with fixes, runbook, charts', () => {
    const index = pages['index.html']!;
    expect(index).toMatch(/<span class="v">1<\/span><span class="k">hosts<\/span>/);
    expect(index).toContain('mysql-check-binlog-format');
    expect(index).toContain('<svg');
    const plan = pages['plan.html']!;
    expect(plan).toContain('<td>dms</td>');
    expect(plan).toContain('class="chart graph"');
    const db = Object.entries(pages).find(([p]) => p.startsWith('databases'))![1];
    expect(decode(db)).toContain("<pre>SET GLOBAL binlog_format = 'ROW';</pre>");
    expect(db).toContain('aws rds create-db-cluster');
    expect(db).toContain('id="action-items"');
    expect(db).toContain('mysql_event_manual');
    const hostPage = Object.entries(pages).find(([p]) => p.startsWith('hosts'))![1];
    expect((hostPage.match(/class="chart line-chart"/g) ?? []).length).toBe(4);
    expect(hostPage).toContain('m7g.large');
    expect(hostPage).toContain('10.9.9.9');
  });
});
