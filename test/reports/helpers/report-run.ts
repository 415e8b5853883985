/** Runs the real `scout analyze` (dist/, built by `npm run build`) and lists the pages it wrote. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, runAgent, type CliResult } from '../../helpers/agent-cli.js';

export const SCOUT_CLI = path.join(ROOT, 'dist', 'analyzer', 'cli.js');
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

export async function runAnalyze(inputs: string[], out: string): Promise<CliResult & { index: string }> {
  const res = await runAgent(['analyze', ...inputs, '--out', out], { cliPath: SCOUT_CLI, timeoutMs: 300_000 });
  if (res.code !== 0) throw new Error(`scout analyze exited ${res.code}: ${res.stderr.slice(-3000)}`);
  const index = res.stdout.trim().split('\n').at(-1) ?? '';
  return { ...res, index };
}

/** Every .html file under the report, relative paths sorted. */
export function htmlPages(out: string): string[] {
  return readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** The few DOM members the layout check uses (the project's TypeScript lib has no DOM types). */
interface DomElement {
  getBoundingClientRect(): { left: number; right: number; width: number };
  scrollWidth: number;
  parentElement: DomElement | null;
  contains(other: DomElement): boolean;
  tagName: string;
  id: string;
  className: unknown;
}
interface DomWindow {
  innerWidth: number;
  getComputedStyle(e: DomElement): { overflowX: string };
  document: { documentElement: { scrollWidth: number }; querySelectorAll(selector: string): Iterable<DomElement> };
}

export interface Overflow {
  scrollWidth: number;
  viewport: number;
  /**
   * The innermost elements whose box or content reaches past the right edge with no scroll
   * container holding them: what makes a phone user scroll the whole page sideways.
   */
  offenders: string[];
}

export async function horizontalOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const win = globalThis as unknown as DomWindow;
    const viewport = win.innerWidth;
    const clips = (ox: string): boolean => ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip';
    const found: DomElement[] = [];
    for (const el of win.document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      // Content wider than a box that lets it show (overflow: visible) reaches past the box.
      const extent = clips(win.getComputedStyle(el).overflowX) ? r.right : Math.max(r.right, r.left + el.scrollWidth);
      if (extent <= viewport + 1) continue;
      let held = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (clips(win.getComputedStyle(p).overflowX)) {
          held = p.getBoundingClientRect().right <= viewport + 1;
          break;
        }
      }
      if (!held) found.push(el);
      if (found.length >= 200) break;
    }
    const innermost = found.filter((el) => !found.some((other) => other !== el && el.contains(other)));
    const offenders = innermost.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className)} right=${Math.round(Math.max(el.getBoundingClientRect().right, el.getBoundingClientRect().left + el.scrollWidth))}`);
    return { scrollWidth: win.document.documentElement.scrollWidth, viewport, offenders };
  });
}
