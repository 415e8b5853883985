import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, errorMessage } from './errors.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The agent's persistent id: a UUID kept in `<stateDir>/agent-id`, created on first use.
 * Every bundle of this host carries it, so the analyzer can merge a daemon's segments
 * across restarts.
 */
export function loadOrCreateAgentId(stateDir: string): string {
  const file = path.join(stateDir, 'agent-id');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (UUID_RE.test(existing)) return existing.toLowerCase();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AppError('state_unwritable', `cannot read agent id from ${file}: ${errorMessage(err)}`, { file });
    }
  }
  const id = randomUUID();
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${id}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    throw new AppError('state_unwritable', `cannot keep the agent id in ${stateDir}: ${errorMessage(err)} (set --state-dir)`, { stateDir });
  }
  return id;
}
