/** The dependency direction: agent/ imports nothing of the analyzer; the analyzer reads only the bundle contract of the agent. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/agent-cli.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

describe('layout', () => {
  it('agent/ never imports analyzer/ or reports/', () => {
    for (const file of sources(path.join(ROOT, 'agent'))) {
      for (const target of imports(file)) {
        expect(target.startsWith(path.join(ROOT, 'analyzer')) || target.startsWith(path.join(ROOT, 'reports')), `${file} imports ${target}`).toBe(false);
      }
    }
  });

  it('analyzer/ imports from agent/ only agent/bundle/index.js', () => {
    const allowed = path.join(ROOT, 'agent', 'bundle', 'index.js');
    for (const file of sources(path.join(ROOT, 'analyzer'))) {
      for (const target of imports(file)) {
        if (target.startsWith(path.join(ROOT, 'agent'))) expect(target, `${file} imports ${target}`).toBe(allowed);
      }
    }
  });
});
