/**
 * Report defects found in review: two (server, database) keys never share a page or DDL folder,
 * servers with no feasible path are counted once, the action items sort by severity rank (and
 * still filter by severity name, in Chromium), and a host databases were only collected from
 * (`--only databases`) is not counted as an inventoried host.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostBundles } from '../../analyzer/load-bundles.js';
import { PlanSchema, type Plan } from '../../analyzer/plan/schema.js';
import type { DatabaseAssessment } from '../../reports/assessment.js';
import { ReportNames } from '../../reports/file-names.js';
import { buildEstateView } from '../../reports/views/estate-view.js';
import { buildPlanView } from '../../reports/views/plan-view.js';
import { writeReport } from '../../reports/write-report.js';
import { launchBrowser, openFile } from './helpers/browser.js';
import { fixtureAssessment, fixtureHost, fixturePlan } from './render-fixture.js';

const meta = (root: string) => ({ title: 't', root, generatedAt: '2026-11-26T08:00:00.000Z', scoutVersion: '0.1.0' });
const dbKeyHash = (serverId: string, db: string): string => createHash('sha256').update(`${serverId}\u0000${db}`, 'utf8').digest('hex').slice(0, 8);

let host: HostBundles;
let plan: Plan;

beforeAll(async () => {
  host = await fixtureHost();
  plan = fixturePlan(host);
});

/** The fixture plan plus a second server on the same host with no feasible path (build-plan counts it as byPath.none). */
function planWithUnplannedServer(): Plan {
  const first = plan.servers[0]!;
  const second = { ...first, id: `${first.id}-2`, recommended: null, blockers: [], wave: 1 };
  return PlanSchema.parse({ ...plan, servers: [first, second], totals: { ...plan.totals, servers: 2, byPath: { dms: 1, none: 1 } } });
}

/** The fixture plan with its host a databases-only collector (no host part). */
function planWithCollectorOnly(): Plan {
  return PlanSchema.parse({ ...plan, hosts: plan.hosts.map((h) => ({ ...h, hostCollected: false, ec2: null, os: null, logicalCores: null, memoryBytes: null, cpuPctAtPercentile: null, memoryBytesAtPercentile: null })) });
}

describe('ReportNames', () => {
  it('never gives two (server, database) keys one slug, even when the hashed slug is taken too', () => {
    const names = new ReportNames();
    // The slug 'a-b-c' with the hash of key ('a-b', 'c') is taken by a database whose name spells it.
    const taken = names.addDatabase('a', `b-c-${dbKeyHash('a-b', 'c')}`);
    const first = names.addDatabase('a', 'b-c');
    const second = names.addDatabase('a-b', 'c');
    expect(first).toBe('a-b-c');
    expect(taken).toBe(`a-b-c-${dbKeyHash('a-b', 'c')}`);
    expect(new Set([taken, first, second]).size).toBe(3);
    expect(names.ddlDir('a-b', 'c')).toBe(`ddl/${second}`);
    expect(names.database('a-b', 'c')).toBe(`databases/${second}.html`);
    // Case and punctuation variants of one name stay apart too.
    const many = ['Shop', 'shop', 'SHOP', 'shop?', 'shop!'].map((db) => names.addDatabase('srv', db));
    expect(new Set(many).size).toBe(many.length);
  });

  it('gives two hosts with one hostname two pages', () => {
    const names = new ReportNames();
    expect(names.addHost('agent-1', 'vm')).toBe('vm');
    expect(names.addHost('agent-2', 'vm')).not.toBe('vm');
    expect(names.host('agent-1')).not.toBe(names.host('agent-2'));
  });
});

describe('estate view by path', () => {
  it('counts a server with no feasible path once, in one bucket labelled "none feasible", last', () => {
    const p = planWithUnplannedServer();
    const v = buildEstateView({ plan: p, assessments: [], links: new ReportNames(), meta: meta(''), skipped: [], exports: [] });
    expect(v.byPath).toEqual([
      { path: 'dms', servers: 1 },
      { path: 'none feasible', servers: 1 },
    ]);
    expect(v.byPath.reduce((n, b) => n + b.servers, 0)).toBe(p.servers.length);
    const chart = v.pathChart!.markup;
    expect(chart).not.toMatch(/>none</);
    expect((chart.match(/none feasible/g) ?? []).length).toBeGreaterThan(0);
    expect(v.databases.map((d) => d.path)).toEqual(['dms', 'none feasible']);
  });
});

describe('a databases-only collector', () => {
  it('is not counted as a host: a "collected from" card and list instead, its databases kept', () => {
    const p = planWithCollectorOnly();
    const names = new ReportNames();
    names.addHost(host.agentId, host.hostname);
    const a = fixtureAssessment(p.servers[0]!.id);
    names.addDatabase(a.serverId, a.database);
    const v = buildEstateView({ plan: p, assessments: [a], links: names, meta: meta(''), skipped: [], exports: [] });
    expect(v.cards.find((c) => c.key === 'hosts')!.value).toBe('0');
    expect(v.cards.find((c) => c.key === 'collected from, not inventoried')!.value).toBe('1');
    expect(v.hosts).toEqual([]);
    expect(v.collectedFrom).toEqual([{ link: { label: host.hostname, href: names.host(host.agentId) }, hostname: host.hostname, servers: 1 }]);
    expect(v.databases).toHaveLength(1);
    const planCards = buildPlanView({ plan: p, links: names, meta: meta('') }).cards;
    expect(planCards.find((c) => c.key === 'hosts')!.value).toBe('0');
  });

  it('an inventoried host keeps the plain host card and no "collected from" card', () => {
    const v = buildEstateView({ plan, assessments: [], links: new ReportNames(), meta: meta(''), skipped: [], exports: [] });
    expect(v.cards.find((c) => c.key === 'hosts')!.value).toBe('1');
    expect(v.cards.some((c) => c.key.startsWith('collected from'))).toBe(false);
    expect(v.hosts).toHaveLength(1);
    expect(v.collectedFrom).toEqual([]);
  });
});

describe('rendered pages', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scout-review-fixes-'));
  let browser: Browser | undefined;
  let assessment: DatabaseAssessment;
  let names: ReportNames;

  beforeAll(async () => {
    const p = planWithCollectorOnly();
    assessment = fixtureAssessment(p.servers[0]!.id);
    // critical, info (fixture) plus a warning, so that a name sort and a rank sort differ.
    const info = assessment.actionItems[0]!;
    assessment.actionItems.push({ ...info, code: 'mysql_warning_fixture', severity: 'warning', object: 'zz_warn' });
    names = new ReportNames();
    const collector: HostBundles = { ...host, bundles: host.bundles.map((bundle) => ({ ...bundle, host: null })) };
    writeReport({ outDir: dir, plan: p, hosts: [collector], assessments: [assessment], names, skipped: [], scoutVersion: '0.1.0' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('index.html lists the collector under "Collected from, not inventoried" and counts no host', () => {
    const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(index).toMatch(/<span class="v">0<\/span><span class="k">hosts<\/span>/);
    expect(index).toMatch(/<span class="v">1<\/span><span class="k">collected from, not inventoried<\/span>/);
    expect(index).toContain('<ul id="collected-from">');
    expect(index).not.toContain('<table id="hosts"');
    const hostPage = readFileSync(path.join(dir, names.host(host.agentId)!), 'utf8');
    expect(hostPage).toContain('› collected from, not inventoried</p>');
  });

  it('the action items severity column carries the rank, sorts critical > warning > info and filters by name', async () => {
    const file = path.join(dir, names.database(assessment.serverId, assessment.database)!);
    const html = readFileSync(file, 'utf8');
    const table = html.slice(html.indexOf('<table id="action-items"'));
    expect([...table.matchAll(/<td data-sort="(\d)"><span class="badge sev-(\w+)">/g)].map((m) => `${m[2]}=${m[1]}`).sort()).toEqual(['critical=3', 'info=1', 'warning=2']);

    const opened = await openFile(browser!, file);
    const page = opened.page;
    const severities = (): Promise<string[]> => page.locator('#action-items tbody tr:not([hidden]) td:nth-child(3)').allTextContents().then((t) => t.map((s) => s.trim()));
    const header = page.locator('#action-items thead th:nth-child(3) button');
    await header.click();
    expect(await severities()).toEqual(['info', 'warning', 'critical']);
    await header.click();
    expect(await severities()).toEqual(['critical', 'warning', 'info']);
    await page.locator('select[data-filter-for="action-items"]').selectOption('warning');
    expect(await severities()).toEqual(['warning']);
    await opened.close();
  }, 60_000);
});
