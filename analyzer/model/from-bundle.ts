/** Picks a database out of a bundle and builds its neutral model with the engine's catalog reader. */
import type { Bundle, DatabaseServer } from '../../agent/bundle/index.js';
import { mysqlFromCatalog } from '../dialects/mysql/from-catalog.js';
import { postgresFromCatalog } from '../dialects/postgres/from-catalog.js';
import type { DatabaseModel } from './schema.js';

export type BundleDatabase = DatabaseServer['databases'][number];

export interface DatabaseRef {
  server: DatabaseServer;
  database: BundleDatabase;
}

/** Every collected database of the bundle, server by server. */
export function listDatabases(bundle: Bundle): DatabaseRef[] {
  const out: DatabaseRef[] = [];
  for (const server of bundle.databases?.servers ?? []) {
    for (const database of server.databases) out.push({ server, database });
  }
  return out;
}

/**
 * Finds a database by name (`NAME`, or `TARGET_ID/NAME` when several servers hold one of that
 * name). Throws with the names that exist when it is missing or ambiguous.
 */
export function findDatabase(bundle: Bundle, name: string): DatabaseRef {
  const all = listDatabases(bundle);
  const slash = name.lastIndexOf('/');
  const matches = all.filter((r) => r.database.name === name || (slash > 0 && r.server.target.id === name.slice(0, slash) && r.database.name === name.slice(slash + 1)));
  if (matches.length === 1) return matches[0]!;
  const names = all.map((r) => `${r.server.target.id}/${r.database.name}`).join(', ') || 'none';
  if (matches.length === 0) throw new Error(`no database "${name}" in the bundle (it has: ${names})`);
  throw new Error(`"${name}" is on several servers; name one as SERVER/DATABASE (${names})`);
}

export function modelFromCatalog(ref: DatabaseRef): DatabaseModel {
  return ref.server.engine === 'mysql' ? mysqlFromCatalog(ref.server, ref.database) : postgresFromCatalog(ref.server, ref.database);
}
