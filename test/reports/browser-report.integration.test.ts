/**
 * A real report in a real browser: this machine collected by the agent (host part, plus a
 * small MariaDB and a small PostgreSQL database), analyzed by `scout analyze`, and every page
 * opened in Chromium. Needs `npm run build`, the local servers and /usr/bin/chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../analyzer/plan/schema.js';
import { runAgent } from '../helpers/agent-cli.js';
import { MYSQL, PG, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';
import { emptyProblems, launchBrowser, openFile } from './helpers/browser.js';
import { SCREENSHOTS, horizontalOverflow, htmlPages, runAnalyze } from './helpers/report-run.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'p7b-browser-'));
const out = path.join(work, 'report');
const myDb = uniqueName('p7brep');
const pgDb = uniqueName('p7brep');
const TABLE = 'scout_customer_accounts';
let browser: Browser;
let pages: string[];
let index: string;

const SCHEMA = (engine: 'mysql' | 'postgres'): string =>
  [
    `CREATE TABLE ${TABLE} (id ${engine === 'mysql' ? 'int AUTO_INCREMENT' : 'serial'} PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP);`,
    `CREATE TABLE scout_invoices (id int PRIMARY KEY, account_id int NOT NULL REFERENCES ${TABLE}(id), total numeric(12,2), status varchar(20) DEFAULT 'open');`,
    `CREATE INDEX ix_invoices_status ON scout_invoices (status);`,
    `CREATE VIEW scout_open_invoices AS SELECT id, account_id, total FROM scout_invoices WHERE status = 'open';`,
  ].join('\n');

beforeAll(async () => {
  await Promise.all([createDatabase('mysql', myDb), createDatabase('postgres', pgDb)]);
  await runSql('mysql', myDb, SCHEMA('mysql'));
  await runSql('postgres', pgDb, SCHEMA('postgres'));
  const bundles = path.join(work, 'bundles');
  const res = await runAgent(
    [
      'collect', '--duration', '3s', '--interval', '1s', '--connections-every', '1s',
      '--db', `mysql://${MYSQL.user}@${MYSQL.host}:${MYSQL.port}/`, '--db', `postgres://${PG.user}@${PG.host}:${PG.port}/`,
      '--db-include', myDb, '--db-include', pgDb,
      '--out', bundles, '--state-dir', path.join(work, 'state'), '--quiet', '--log-level', 'error',
    ],
    { timeoutMs: 120_000 },
  );
  if (res.code !== 0 && res.code !== 3) throw new Error(`scout-agent collect exited ${res.code}: ${res.stderr.slice(-2000)}`);
  expect(readdirSync(bundles).filter((f) => f.endsWith('.scout.json.gz'))).toHaveLength(1);
  index = (await runAnalyze([bundles], out)).index;
  pages = htmlPages(out);
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([dropDatabase('mysql', myDb), dropDatabase('postgres', pgDb)]);
  rmSync(work, { recursive: true, force: true });
});

const pageOf = (prefix: string, text?: string): string => {
  const found = pages.filter((p) => p.startsWith(prefix)).find((p) => !text || readFileSync(path.join(out, p), 'utf8').includes(text));
  if (!found) throw new Error(`no page under ${prefix}${text ? ` mentioning ${text}` : ''}: ${pages.join(', ')}`);
  return found;
};

describe('the report in Chromium', () => {
  it('prints index.html last and writes index, plan, a host page and a page per database', () => {
    expect(index).toBe(path.join(out, 'index.html'));
    expect(pages).toContain('index.html');
    expect(pages).toContain('plan.html');
    expect(pages.filter((p) => p.startsWith('hosts/'))).toHaveLength(1);
    expect(pages.filter((p) => p.startsWith('databases/')).length).toBeGreaterThanOrEqual(2);
  });

  it('every page loads without console errors, failed or external requests, or dialogs', async () => {
    const failures: Record<string, unknown> = {};
    for (const p of pages) {
      const opened = await openFile(browser, path.join(out, p));
      if (!emptyProblems(opened.problems)) failures[p] = opened.problems;
      await opened.close();
    }
    expect(failures).toEqual({});
  }, 120_000);

  it('index shows the host count; a database page names its tables; plan.html names each path', async () => {
    const plan = JSON.parse(readFileSync(path.join(out, 'plan.json'), 'utf8')) as Plan;
    expect(plan.totals.hosts).toBe(1);
    const home = await openFile(browser, index);
    const cards = await home.page.locator('.card').evaluateAll((els) =>
      els.map((e) => [e.querySelector('.k')?.textContent?.trim(), e.querySelector('.v')?.textContent?.trim()]),
    );
    expect(cards).toContainEqual(['hosts', '1']);
    await home.page.screenshot({ path: path.join(SCREENSHOTS, 'index.png'), fullPage: true });
    await home.close();

    for (const db of [myDb, pgDb]) {
      const file = pageOf('databases/', db);
      const opened = await openFile(browser, path.join(out, file));
      expect(await opened.page.locator('body').textContent()).toContain(TABLE);
      if (db === myDb) await opened.page.screenshot({ path: path.join(SCREENSHOTS, 'database.png'), fullPage: true });
      await opened.close();
    }

    const planPage = await openFile(browser, path.join(out, 'plan.html'));
    const text = (await planPage.page.locator('body').textContent()) ?? '';
    const recommended = plan.servers.map((s) => s.recommended).filter((p): p is NonNullable<typeof p> => p !== null);
    expect(recommended.length).toBeGreaterThan(0);
    for (const p of recommended) expect(text).toContain(p);
    await planPage.page.screenshot({ path: path.join(SCREENSHOTS, 'plan.png'), fullPage: true });
    await planPage.close();

    const host = await openFile(browser, path.join(out, pageOf('hosts/')));
    expect(await host.page.locator('body').textContent()).toContain(os.hostname());
    await host.page.screenshot({ path: path.join(SCREENSHOTS, 'host.png'), fullPage: true });
    await host.close();
    for (const shot of ['index', 'database', 'plan', 'host']) expect(readFileSync(path.join(SCREENSHOTS, `${shot}.png`)).length).toBeGreaterThan(1000);
  }, 60_000);

  it.each([
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ])('at $width px wide no page scrolls sideways outside its table containers', async (viewport) => {
    const failures: Record<string, unknown> = {};
    for (const p of pages) {
      const opened = await openFile(browser, path.join(out, p), { viewport });
      const o = await horizontalOverflow(opened.page);
      if (o.scrollWidth > o.viewport + 1 || o.offenders.length > 0) failures[p] = o;
      if (viewport.width === 390 && p === 'index.html') await opened.page.screenshot({ path: path.join(SCREENSHOTS, 'index-phone.png'), fullPage: true });
      await opened.close();
    }
    expect(failures).toEqual({});
  }, 120_000);

  it('without JavaScript every table still shows its rows', async () => {
    for (const p of ['index.html', pageOf('databases/', myDb), pageOf('hosts/'), 'plan.html']) {
      const opened = await openFile(browser, path.join(out, p), { javaScriptEnabled: false });
      const tables = opened.page.locator('table');
      const count = await tables.count();
      expect(count, `${p} has tables`).toBeGreaterThan(0);
      let visibleRows = 0;
      for (let k = 0; k < count; k++) {
        const rows = tables.nth(k).locator('tbody tr');
        if ((await rows.count()) > 0 && (await rows.first().isVisible())) visibleRows++;
      }
      expect(visibleRows, `${p}: tables with visible rows without JS`).toBeGreaterThan(0);
      expect(opened.problems.consoleErrors).toEqual([]);
      await opened.close();
    }
  }, 60_000);
});
