/**
 * The report's handlebars environment: an isolated `Handlebars.create()` instance with its
 * helpers, partials and page templates registered and compiled once.
 *
 * Escaping rules (every template follows them; test/reports/render-templates.test.ts and
 * render-pages.test.ts check):
 * - data is output with `{{ }}` only, which HTML-escapes it; templates never use `{{{ }}}`,
 *   `noEscape` is never set, and no helper returns a SafeString of data;
 * - the one exception is the `svg` helper: it outputs a `TrustedSvg`, which only
 *   reports/svg/markup.ts can make and which holds no unescaped customer text;
 * - the one inline script (templates/assets/table.js) and stylesheet are partials of fixed
 *   text with no data in them; their SHA-256 hashes go into the Content-Security-Policy.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { formatBytes, formatDuration, formatHours, formatNumber, formatPercent, formatRate } from './format.js';
import { isTrustedSvg } from './svg/markup.js';

export const PAGES = ['index', 'host', 'database', 'plan'] as const;
export type PageName = (typeof PAGES)[number];

/** templates/ beside the sources (reports/ → ../templates) or beside dist (dist/reports/ → ../../templates). */
export function findTemplatesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.resolve(here, '..', 'templates'), path.resolve(here, '..', '..', 'templates')]) {
    if (existsSync(path.join(dir, 'layout.hbs'))) return dir;
  }
  throw new Error(`report templates not found near ${here} (expected templates/layout.hbs)`);
}

export const sha256Base64 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

export interface ReportEnv {
  render(page: PageName, view: object): string;
  /** The Content-Security-Policy every page carries. */
  readonly csp: string;
  readonly script: string;
  readonly style: string;
}

/** A number argument from a template (null and undefined stay missing). */
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Helpers return plain strings, escaped by handlebars like any `{{ }}` output; only `svg` differs. */
function registerHelpers(hb: typeof Handlebars): string[] {
  const helpers: Record<string, Handlebars.HelperDelegate> = {
    formatBytes: (v: unknown) => formatBytes(num(v)),
    formatRate: (v: unknown) => formatRate(num(v)),
    formatDuration: (v: unknown) => formatDuration(num(v)),
    formatHours: (v: unknown) => formatHours(num(v)),
    formatNumber: (v: unknown) => formatNumber(num(v)),
    percent: (part: unknown, whole: unknown) => formatPercent(num(part) ?? 0, num(whole) ?? 0),
    eq: (a: unknown, b: unknown) => a === b,
    join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : ''),
    // The only unescaped output: SVG built and escaped by reports/svg/markup.ts.
    svg: (v: unknown) => {
      if (!isTrustedSvg(v)) throw new Error('svg helper: the value is not a TrustedSvg');
      return new hb.SafeString(v.markup);
    },
  };
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  return Object.keys(helpers);
}

/**
 * Bidirectional controls (U+202A–U+202E, U+2066–U+2069) in a name would reorder the text
 * around them on screen (`\u202Egnp.exe` shows as `exe.png`): they are shown as their code
 * points instead. The templates hold none, so this touches data only.
 */
export function showBidiControls(html: string): string {
  return html.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}

let cached: ReportEnv | null = null;

/** The environment, built once per process (templates are read and compiled on first use). */
export function reportEnv(): ReportEnv {
  cached ??= createReportEnv(findTemplatesDir());
  return cached;
}

export function createReportEnv(dir: string): ReportEnv {
  const hb = Handlebars.create();
  const helperNames = registerHelpers(hb);
  const knownHelpers = Object.fromEntries(helperNames.map((n) => [n, true]));
  const options: CompileOptions = { strict: true, knownHelpers, knownHelpersOnly: true, preventIndent: true };

  const script = readFileSync(path.join(dir, 'assets', 'table.js'), 'utf8');
  const style = readFileSync(path.join(dir, 'assets', 'report.css'), 'utf8');
  for (const [name, text] of [['table.js', script], ['report.css', style]] as const) {
    // Fixed text, output as a partial: it must hold no mustache and cannot close its element.
    if (text.includes('{{') || /<\/(script|style)/i.test(text)) throw new Error(`templates/assets/${name} must not contain "{{" or a closing tag`);
  }
  hb.registerPartial('script', `<script>${script}</script>`);
  hb.registerPartial('style', `<style>${style}</style>`);
  const partialsDir = path.join(dir, 'partials');
  for (const file of readdirSync(partialsDir).sort()) {
    if (!file.endsWith('.hbs')) continue;
    hb.registerPartial(file.slice(0, -4), hb.compile(readFileSync(path.join(partialsDir, file), 'utf8'), options));
  }
  hb.registerPartial('layout', hb.compile(readFileSync(path.join(dir, 'layout.hbs'), 'utf8'), options));
  const pages = new Map<PageName, Handlebars.TemplateDelegate>();
  for (const page of PAGES) pages.set(page, hb.compile(readFileSync(path.join(dir, `${page}.hbs`), 'utf8'), options));

  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256Base64(style)}'`,
    `script-src 'sha256-${sha256Base64(script)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  return {
    csp,
    script,
    style,
    render(page, view) {
      return showBidiControls(pages.get(page)!({ ...view, csp }));
    },
  };
}

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;
