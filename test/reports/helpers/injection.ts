/** What a payload leaves in a page when it is parsed as markup instead of shown as text. */
import type { Page } from 'playwright-core';

export interface Injection {
  /** Elements a payload would create: img src=x, svg onload, frames, or a script that mentions a payload. */
  injectedElements: string[];
  /** Event-handler attributes (the report's CSP allows none). */
  handlers: string[];
  /** javascript: URLs in links, sources and form actions. */
  scriptUrls: string[];
  /** Scripts whose source mentions a payload: the report's own scripts carry no data. */
  payloadScripts: number;
}

interface DomNode {
  tagName: string;
  attributes: Iterable<{ name: string; value: string }>;
  textContent: string | null;
}

export function injectionCount(i: Injection): number {
  return i.injectedElements.length + i.handlers.length + i.scriptUrls.length + i.payloadScripts;
}

export async function inspectInjection(page: Page): Promise<Injection> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<DomNode> } }).document;
    const mentionsPayload = (text: string | null): boolean => /alert\(1\)|__pwned|\{\{constructor\}\}/.test(text ?? '');
    const injectedElements = [...doc.querySelectorAll('img[src="x"], svg[onload], iframe, object, embed, script')]
      .filter((e) => e.tagName.toLowerCase() !== 'script' || mentionsPayload(e.textContent))
      .map((e) => e.tagName.toLowerCase());
    const handlers: string[] = [];
    const scriptUrls: string[] = [];
    for (const el of doc.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) handlers.push(`${el.tagName.toLowerCase()}[${a.name}]`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) scriptUrls.push(`${el.tagName.toLowerCase()}[${a.name}]`);
      }
    }
    const payloadScripts = [...doc.querySelectorAll('script')].filter((s) => mentionsPayload(s.textContent)).length;
    return { injectedElements, handlers, scriptUrls, payloadScripts };
  });
}
