/**
 * The browser checks catch what they claim to: a page that errs, asks, phones home or runs
 * a planted payload is reported, and a clean page is not. Needs /usr/bin/chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyProblems, launchBrowser, openFile, wasPwned } from './helpers/browser.js';
import { injectionCount, inspectInjection } from './helpers/injection.js';
import { PAYLOAD } from './helpers/payload.js';
import { horizontalOverflow } from './helpers/report-run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'p7b-browser-helper-'));
let browser: Browser;

function page(name: string, body: string, head = ''): string {
  const file = path.join(dir, name);
  writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`);
  return file;
}

beforeAll(async () => {
  browser = await launchBrowser();
}, 30_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser helper', () => {
  it('a clean page has no problems and loads fast', async () => {
    const opened = await openFile(browser, page('clean.html', '<h1>ok</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'), { trap: true });
    expect(opened.problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], dialogs: [], externalRequests: [] });
    expect(await wasPwned(opened.page)).toBe(false);
    expect(opened.loadMs).toBeLessThan(5000);
    await opened.close();
  });

  it('reports console errors, uncaught errors, dialogs, external and failed requests', async () => {
    const file = page(
      'bad.html',
      '<img src="https://cdn.example.invalid/x.png"><img src="missing.png"><script>console.error("boom"); alert("hi"); window.__pwned = 1; throw new Error("uncaught");</script>',
    );
    const opened = await openFile(browser, file, { trap: true });
    expect(emptyProblems(opened.problems)).toBe(false);
    expect(opened.problems.consoleErrors.some((m) => m.includes('boom'))).toBe(true);
    expect(opened.problems.pageErrors).toEqual(['uncaught']);
    expect(opened.problems.dialogs).toEqual(['alert: hi']);
    expect(opened.problems.externalRequests).toEqual(['https://cdn.example.invalid/x.png']);
    expect(opened.problems.failedRequests.some((r) => r.includes('missing.png'))).toBe(true);
    expect(await wasPwned(opened.page)).toBe(true);
    await opened.close();
  });

  it('JavaScript off: scripts do not run', async () => {
    const opened = await openFile(browser, page('nojs.html', '<p id="p">static</p><script>document.getElementById("p").textContent = "scripted"</script>'), { javaScriptEnabled: false });
    expect(await opened.page.locator('#p').textContent()).toBe('static');
    await opened.close();
  });

  it('horizontal overflow: a wide table inside a scroll container is fine, a wide paragraph is not', async () => {
    const wide = `<div style="overflow-x:auto"><table><tr><td style="white-space:nowrap">${'x'.repeat(400)}</td></tr></table></div>`;
    const ok = await openFile(browser, page('wrap.html', wide), { viewport: { width: 390, height: 800 } });
    expect((await horizontalOverflow(ok.page)).offenders).toEqual([]);
    await ok.close();
    const bad = await openFile(browser, page('wide.html', `<p id="long" style="white-space:nowrap">${'y'.repeat(400)}</p>`), { viewport: { width: 390, height: 800 } });
    const o = await horizontalOverflow(bad.page);
    expect(o.scrollWidth).toBeGreaterThan(390);
    expect(o.offenders[0]).toMatch(/^p#long/);
    await bad.close();
  });

  it('payloads parsed as markup are found, even where the CSP stops them from running; escaped ones are not', async () => {
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;
    const raw = [PAYLOAD.img, PAYLOAD.pwnScript, PAYLOAD.pwnSvg, `<a href="${PAYLOAD.jsUrl}">x</a>`].join('\n');
    const bad = await openFile(browser, page('raw.html', raw, csp), { trap: true });
    const found = await inspectInjection(bad.page);
    expect(found.injectedElements).toEqual(expect.arrayContaining(['img', 'script', 'svg']));
    expect(found.handlers).toEqual(expect.arrayContaining(['img[onerror]', 'svg[onload]']));
    expect(found.scriptUrls).toEqual(['a[href]']);
    // The CSP blocked them: no dialog, no trap, but console errors saying so.
    expect(await wasPwned(bad.page)).toBe(false);
    expect(bad.problems.consoleErrors.length).toBeGreaterThan(0);
    await bad.close();
    const escaped = raw.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
    const good = await openFile(browser, page('escaped.html', `<pre>${escaped}</pre>`, csp), { trap: true });
    expect(injectionCount(await inspectInjection(good.page))).toBe(0);
    expect(await good.page.locator('pre').textContent()).toBe(raw);
    expect(emptyProblems(good.problems)).toBe(true);
    await good.close();
  });
});
