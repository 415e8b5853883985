/**
 * The report in a real browser: the distribution's Chromium driven by playwright-core
 * (.ci/run installs it). Each page opens in its own context, which records everything a
 * report page must never do: console errors, uncaught errors, failed requests, dialogs,
 * and any request that leaves file:// (the report is offline and self-contained).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  dialogs: string[];
  /** Requests to anything but file: and data: URLs (they are blocked, and listed here). */
  externalRequests: string[];
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
  /** Milliseconds from navigation start to the load event. */
  loadMs: number;
  close: () => Promise<void>;
}

export interface OpenOptions {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  /** Defines window.__pwned as a trap before any page script: reading it after load says if a payload ran. */
  trap?: boolean;
}

const isLocal = (url: string): boolean => url.startsWith('file:') || url.startsWith('data:') || url === 'about:blank';

export function emptyProblems(p: PageProblems): boolean {
  return Object.values(p).every((list: string[]) => list.length === 0);
}

/** Opens a local HTML file and waits for its load event. */
export async function openFile(browser: Browser, file: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1366, height: 900 },
  });
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [], dialogs: [], externalRequests: [] };
  await context.route(
    (url) => !isLocal(url.href),
    async (route) => {
      problems.externalRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  if (options.trap) {
    await context.addInitScript(() => {
      (globalThis as { __pwned?: unknown }).__pwned = undefined;
    });
  }
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(e.message));
  page.on('requestfailed', (r) => problems.failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  page.on('dialog', (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const started = Date.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const loadMs = Date.now() - started;
  return { page, context, problems, loadMs, close: () => context.close() };
}

/** Whether a payload ran in the page: the trap variable was set. */
export async function wasPwned(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned !== undefined);
}
