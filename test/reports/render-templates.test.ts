/**
 * The escaping rules of the templates, checked on their text: no triple-stash or `{{&`, no
 * SafeString outside the one `svg` helper, no inline style or event attribute, no script but
 * the one partial, and every helper a template calls is registered (knownHelpersOnly).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTemplatesDir, reportEnv } from '../../reports/handlebars-env.js';
import { ROOT } from '../helpers/agent-cli.js';

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, ext) : name.endsWith(ext) ? [full] : [];
  });
}

describe('templates', () => {
  const templates = files(findTemplatesDir(), '.hbs');

  it('are found beside the sources and compile (strict, known helpers only)', () => {
    expect(findTemplatesDir()).toBe(path.join(ROOT, 'templates'));
    expect(templates.length).toBeGreaterThanOrEqual(5);
    expect(() => reportEnv()).not.toThrow();
  });

  it('never output data unescaped, and carry no inline style, event handler or script', () => {
    for (const file of templates) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain('{{{');
      expect(text, file).not.toMatch(/\{\{~?&/);
      expect(text, file).not.toMatch(/\sstyle\s*=/i);
      expect(text, file).not.toMatch(/\son[a-z]+\s*=/i);
      expect(text, file).not.toMatch(/<script/i);
      expect(text, file).not.toMatch(/(src|href)\s*=\s*"(https?:|\/\/)/i);
    }
  });

  it('SafeString appears in one place: the svg helper', () => {
    const uses = files(path.join(ROOT, 'reports'), '.ts').filter((f) => readFileSync(f, 'utf8').includes('SafeString('));
    expect(uses.map((f) => path.relative(ROOT, f))).toEqual(['reports/handlebars-env.ts']);
    expect(readFileSync(path.join(ROOT, 'reports', 'handlebars-env.ts'), 'utf8').match(/SafeString\(/g)).toHaveLength(1);
  });

  it('the inline script holds no data and no template syntax', () => {
    const env = reportEnv();
    expect(env.script).not.toContain('{{');
    expect(env.script).not.toMatch(/<\/script/i);
    // Same text on every page: it is a fixed file, not a template.
    expect(env.script).toBe(readFileSync(path.join(ROOT, 'templates', 'assets', 'table.js'), 'utf8'));
  });
});
