/**
 * The one place that produces markup the templates output without escaping: inline SVG.
 *
 * An SVG is built as a tree of `SvgNode`s. Tag and attribute names are checked against a
 * fixed pattern (our literals, never data); every attribute value and every text node is
 * XML-escaped here, so a label taken from a customer system (a hostname, a table name) can
 * only ever become text. `svgDocument` turns a tree into a `TrustedSvg`; the handlebars
 * `svg` helper (reports/handlebars-env.ts) accepts nothing else. Nothing outside this
 * module can make a `TrustedSvg`: the brand is checked at run time through a private WeakSet.
 */

export interface TrustedSvg {
  readonly markup: string;
  /** Character count, for size budgets in tests and the bench. */
  readonly length: number;
}

const issued = new WeakSet<object>();

export function isTrustedSvg(value: unknown): value is TrustedSvg {
  return typeof value === 'object' && value !== null && issued.has(value);
}

/** Escapes text for XML/HTML text and double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const NAME = /^[a-z][a-zA-Z0-9-]*$/;

const nodes = new WeakSet<object>();

/** A piece of SVG markup built by `el`/`text` only. */
export interface SvgNode {
  readonly xml: string;
}

export type AttrValue = string | number | null | undefined;

function attrText(name: string, value: AttrValue): string {
  if (value === null || value === undefined) return '';
  if (!NAME.test(name)) throw new Error(`svg: bad attribute name ${JSON.stringify(name)}`);
  const v = typeof value === 'number' ? (Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0') : escapeXml(value);
  return ` ${name}="${v}"`;
}

function node(xml: string): SvgNode {
  const n = { xml };
  nodes.add(n);
  return n;
}

/** A text node: always escaped. Very long labels are cut to `max` characters. */
export function text(value: string, max = 200): SvgNode {
  const cut = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return node(escapeXml(cut));
}

/** An element with escaped attributes; children are nodes or plain strings (escaped as text). */
export function el(tag: string, attrs: Record<string, AttrValue>, ...children: (SvgNode | string | null)[]): SvgNode {
  if (!NAME.test(tag)) throw new Error(`svg: bad tag name ${JSON.stringify(tag)}`);
  let xml = `<${tag}`;
  for (const [k, v] of Object.entries(attrs)) xml += attrText(k, v);
  const inner = children
    .filter((c): c is SvgNode | string => c !== null)
    .map((c) => {
      if (typeof c === 'string') return text(c).xml;
      if (!nodes.has(c)) throw new Error('svg: child not built by el/text');
      return c.xml;
    })
    .join('');
  return node(inner ? `${xml}>${inner}</${tag}>` : `${xml}/>`);
}

/**
 * The root `<svg>`: a `viewBox` of width×height (it scales to its container), an accessible
 * title, and the chart class for the stylesheet.
 */
export function svgDocument(width: number, height: number, title: string, cls: string, ...children: SvgNode[]): TrustedSvg {
  const root = el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${Math.round(width)} ${Math.round(height)}`, role: 'img', 'aria-label': title, class: `chart ${cls}` },
    el('title', {}, title),
    ...children,
  );
  const trusted: TrustedSvg = Object.freeze({ markup: root.xml, length: root.xml.length });
  issued.add(trusted);
  return trusted;
}
