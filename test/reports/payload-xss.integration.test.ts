/**
 * Hostile names end to end: a host bundle whose hostname, process command lines, listening
 * process names, connection peers and mounts carry payloads, and real MariaDB and
 * PostgreSQL databases whose table, column, index and view names, comments and defaults
 * carry them too (collected by the agent). `scout analyze` writes the report; every page is
 * opened in Chromium and must show each payload as text, run none of it, and load cleanly.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBundle, dropDatabase, type Engine } from '../helpers/db-roundtrip.js';
import { emptyProblems, launchBrowser, openFile, wasPwned } from './helpers/browser.js';
import { readCsvRecords } from './helpers/csv-parse.js';
import { injectionCount, inspectInjection } from './helpers/injection.js';
import {
  PAYLOAD,
  PAYLOAD_COLUMNS,
  PAYLOAD_HOSTNAME,
  PAYLOAD_TABLE,
  PAYLOAD_TEXTS,
  createPayloadDatabase,
  payloadHostBundle,
  writeBundleFile,
} from './helpers/payload.js';
import { horizontalOverflow, htmlPages, runAnalyze } from './helpers/report-run.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'p7b-xss-'));
const out = path.join(work, 'report');
const databases: Partial<Record<Engine, string>> = {};
let browser: Browser;
let pages: string[];
const texts = new Map<string, string>();

beforeAll(async () => {
  const bundles = path.join(work, 'bundles');
  mkdirSync(bundles);
  writeBundleFile(bundles, 'payload-host', payloadHostBundle());
  for (const engine of ['mysql', 'postgres'] as const) {
    const name = await createPayloadDatabase(engine);
    databases[engine] = name;
    writeBundleFile(bundles, `payload-${engine}`, await collectBundle(engine, [name]));
  }
  await runAnalyze([bundles], out);
  pages = htmlPages(out);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const [engine, name] of Object.entries(databases) as [Engine, string][]) await dropDatabase(engine, name);
  rmSync(work, { recursive: true, force: true });
});

describe('payloads in the report', () => {
  it('every page loads cleanly and no payload runs or turns into markup', async () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const failures: Record<string, unknown> = {};
    for (const p of pages) {
      const opened = await openFile(browser, path.join(out, p), { trap: true });
      const injection = await inspectInjection(opened.page);
      const pwned = await wasPwned(opened.page);
      texts.set(p, (await opened.page.locator('body').textContent()) ?? '');
      const clean = emptyProblems(opened.problems) && !pwned && injectionCount(injection) === 0;
      if (!clean) failures[p] = { ...opened.problems, pwned, ...injection };
      await opened.close();
    }
    expect(failures).toEqual({});
  }, 180_000);

  it('every payload is shown as text', () => {
    const all = [...texts.values()].join('\n');
    for (const t of PAYLOAD_TEXTS) expect(all, t).toContain(t);
    // A template evaluated twice would print the Object constructor instead of the braces.
    expect(all).not.toContain('function Object()');
    const hostPage = [...texts].find(([p, text]) => p.startsWith('hosts/') && text.includes(PAYLOAD_HOSTNAME));
    expect(hostPage, 'the hostile host has a page that shows its hostname').toBeDefined();
    expect(hostPage![1]).toContain(`--title=${PAYLOAD.script}`);
    expect(hostPage![1]).toContain(`/mnt/${PAYLOAD.script}`);
    for (const engine of ['mysql', 'postgres'] as const) {
      const dbPage = [...texts].find(([p, text]) => p.startsWith('databases/') && text.includes(databases[engine]!));
      expect(dbPage, `a database page for ${engine}`).toBeDefined();
      expect(dbPage![1]).toContain(PAYLOAD_TABLE);
      expect(dbPage![1]).toContain(PAYLOAD_COLUMNS[0]);
    }
  });

  it('a 100 KB command line does not make any page scroll sideways on a phone', async () => {
    const failures: Record<string, unknown> = {};
    for (const p of pages) {
      const opened = await openFile(browser, path.join(out, p), { viewport: { width: 390, height: 844 } });
      const o = await horizontalOverflow(opened.page);
      if (o.scrollWidth > o.viewport + 1 || o.offenders.length > 0) failures[p] = o;
      await opened.close();
    }
    expect(failures).toEqual({});
  }, 120_000);

  it('the exports carry the payloads as guarded CSV text', () => {
    const { records } = readCsvRecords(readFileSync(path.join(out, 'exports', 'ads_process.csv'), 'utf8'));
    const formula = records.find((r) => r.cmdLine?.includes('HYPERLINK'));
    expect(formula?.cmdLine).toBe(`'${PAYLOAD.formula} ${PAYLOAD.pwnSvg}`);
    expect(records.some((r) => r.name === PAYLOAD.script)).toBe(true);
    const hub = readCsvRecords(readFileSync(path.join(out, 'exports', 'migration-hub-import.csv'), 'utf8'));
    expect(hub.records.some((r) => r.HostName?.startsWith(PAYLOAD_HOSTNAME))).toBe(true);
  });
});
