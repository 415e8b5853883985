/** A server's runbook as Markdown: its facts, checks and ordered steps. Source text is escaped for Markdown. */
import { formatDuration } from './estimates.js';
import type { Plan, PlanServer } from './schema.js';

/**
 * Catalog text as inline Markdown text: one line, emphasis/code/link/table characters
 * backslash-escaped, HTML brackets as entities, and a leading block marker (#, >, -, +, 1.) escaped.
 */
export function mdText(s: string): string {
  const flat = s
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return flat.replace(/^(\s*)([#+-])/, '$1\\$2').replace(/^(\s*\d+)\./, '$1\\.');
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function mdCode(s: string, lang = ''): string {
  const longest = Math.max(2, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${s}\n${fence}`;
}

export function runbookMarkdown(plan: Plan, s: PlanServer): string {
  const rec = s.paths.find((p) => p.path === s.recommended);
  const lines: string[] = [
    `# Runbook: ${mdText(s.id)}`,
    '',
    `- Source: ${mdText(`${s.flavor ?? s.engine} ${s.version ?? ''} at ${s.address ?? '?'}:${s.port ?? '?'} (${s.hosting})`)}`,
    `- Target: ${mdText(`${s.target.engine}, ${s.target.version}`)}`,
    `- Path: ${mdText(s.recommended ?? 'none')}${rec ? `, copy ${formatDuration(rec.fullLoadSeconds)}, downtime ${formatDuration(rec.downtimeSeconds)}` : ''}`,
    `- Databases: ${s.databases.map((d) => mdText(d.name)).join(', ') || 'none'}`,
    `- Wave: ${s.wave}; plan generated ${plan.generatedAt}`,
    '',
  ];
  if (rec) lines.push('## Why this path', '', ...rec.rationale.map((r) => `- ${mdText(r)}`), '');
  if (s.blockers.length > 0) lines.push('## Blockers', '', ...s.blockers.map((b) => `- ${mdText(b)}`), '');
  lines.push('## Steps', '');
  for (const step of s.runbook) {
    lines.push(`### ${step.order}. ${mdText(step.title)}`, '', mdText(step.detail), '');
    if (step.command) lines.push(mdCode(step.command), '');
  }
  return `${lines.join('\n')}\n`;
}
