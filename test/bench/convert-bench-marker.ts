/**
 * The catalog bench's completion marker (catalog-vs-dump.ts writes a `scout_bench_meta` row
 * last, once every table and view exists), read so that the convert bench knows the database
 * is complete and can key its cached bundle by it. Read only: the catalog bench owns the
 * databases.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface Marker {
  version: number;
  tables: number;
  views: number;
  /** ISO time of the generation that wrote the marker. */
  generatedAt: string;
}

const META_TABLE = 'scout_bench_meta';

/** The marker row, or null when the database or its marker is missing, or the catalog holds fewer objects than it says. */
export async function readMarker(engine: 'mysql' | 'postgres', database: string): Promise<Marker | null> {
  try {
    return engine === 'postgres' ? await readPostgres(database) : await readMysql(database);
  } catch {
    // No such database (or table): not generated yet.
    return null;
  }
}

async function readPostgres(database: string): Promise<Marker | null> {
  const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
  await c.connect();
  try {
    const meta = await c.query<{ version: number; tables: number; views: number; generated_at: Date }>(
      `SELECT generator_version AS version, tables, views, generated_at FROM ${META_TABLE} ORDER BY generated_at DESC LIMIT 1`,
    );
    const counts = await c.query<{ tables: string; views: string }>(
      `SELECT count(*) FILTER (WHERE c.relkind = 'r' AND c.relname ~ '^t_[0-9]+$') AS tables,
              count(*) FILTER (WHERE c.relkind = 'v' AND c.relname ~ '^v_[0-9]+$') AS views
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`,
    );
    const m = meta.rows[0];
    if (!m) return null;
    return complete({ version: m.version, tables: m.tables, views: m.views, generatedAt: m.generated_at.toISOString() }, counts.rows[0]);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function readMysql(database: string): Promise<Marker | null> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database });
  try {
    const [meta] = await c.query(`SELECT generator_version AS version, tables, views, generated_at FROM ${META_TABLE} ORDER BY generated_at DESC LIMIT 1`);
    const [counts] = await c.query(
      `SELECT SUM(TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME REGEXP '^t_[0-9]+$') AS tables,
              SUM(TABLE_TYPE = 'VIEW' AND TABLE_NAME REGEXP '^v_[0-9]+$') AS views
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
      [database],
    );
    const m = (meta as Record<string, unknown>[])[0];
    if (!m) return null;
    const at = m.generated_at instanceof Date ? m.generated_at.toISOString() : String(m.generated_at);
    return complete({ version: Number(m.version), tables: Number(m.tables), views: Number(m.views), generatedAt: at }, (counts as Record<string, unknown>[])[0]);
  } finally {
    await c.end().catch(() => undefined);
  }
}

function complete(marker: Marker, counts: Record<string, unknown> | undefined): Marker | null {
  return Number(counts?.tables) === marker.tables && Number(counts?.views) === marker.views ? marker : null;
}
