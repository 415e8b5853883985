/** The local PostgreSQL as the agent's db tests use it: a target, an admin connection, the fixture schema. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DbTarget } from '../../../agent/db/types.js';

export const PG_FIXTURE_SQL = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/db/postgres/fixture.sql'), 'utf8');

export const pgIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A collection target for the local server as root over TCP; `over` replaces any field. */
export function localPgTarget(over: Partial<DbTarget> = {}): DbTarget {
  return {
    id: 'postgres://root@127.0.0.1:5432/',
    engine: 'postgres',
    scheme: 'postgres',
    host: '127.0.0.1',
    port: 5432,
    socket: null,
    user: 'root',
    database: null,
    include: [],
    exclude: [],
    sslmode: 'disable',
    source: 'flag',
    password: null,
    ...over,
  };
}

/** Runs `fn` on a connection as root to `database`, closed after. */
export async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'root', database });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
