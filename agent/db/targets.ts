import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError, errorMessage } from '../errors.js';
import { Secret } from './secret.js';
import type { DbEngine, DbTarget } from './types.js';

/** A `databases:` entry of the config file, or a --db flag (url only). */
export interface TargetSpec {
  url: string;
  passwordFile?: string | undefined;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  source: DbTarget['source'];
}

const SCHEMES: Record<string, DbEngine> = { postgres: 'postgres', postgresql: 'postgres', mysql: 'mysql', mariadb: 'mysql' };
const SSLMODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
const DEFAULT_PORT: Record<DbEngine, number> = { postgres: 5432, mysql: 3306 };
/** Stands in for an empty host while parsing; never used to connect. */
const EMPTY_HOST = 'scout-local.invalid';

/** Where the local servers put their sockets on the common distributions. */
export const DEFAULT_SOCKETS: Record<DbEngine, string[]> = {
  postgres: ['/var/run/postgresql', '/run/postgresql', '/tmp'],
  mysql: ['/run/mysqld/mysqld.sock', '/var/run/mysqld/mysqld.sock', '/var/lib/mysql/mysql.sock', '/tmp/mysql.sock'],
};

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'root';
  }
}

/** The first local socket of the engine that exists (PostgreSQL: the directory holding .s.PGSQL.<port>). */
export function localSocket(engine: DbEngine, port: number): string | null {
  for (const candidate of DEFAULT_SOCKETS[engine]) {
    const probe = engine === 'postgres' ? path.join(candidate, `.s.PGSQL.${port}`) : candidate;
    if (existsSync(probe)) return candidate;
  }
  return null;
}

/** The password-free display form of a target, used as its id everywhere. */
export function targetId(t: Pick<DbTarget, 'scheme' | 'user' | 'host' | 'port' | 'socket' | 'database'>): string {
  const where = t.socket ? `[${t.socket}]` : `${t.host ?? 'localhost'}:${t.port ?? ''}`;
  return `${t.scheme}://${encodeURIComponent(t.user)}@${where}/${t.database ? encodeURIComponent(t.database) : ''}`;
}

/**
 * Parses `postgres://user@host:port/db?sslmode=require`, `mysql://user@host:port/`,
 * `mariadb://…`. Unix sockets: `?socket=PATH` (both) or libpq's `?host=/dir`. A password
 * in the URL is refused: it would be visible in the process list and shell history.
 */
export function parseTargetUrl(spec: TargetSpec, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): DbTarget {
  let url: URL;
  try {
    // libpq allows an empty host (postgres://user@/db, postgres:///db) meaning the local socket; WHATWG URL does not.
    url = new URL(spec.url.replace(/^([a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?)(?=[/?#]|$)/i, `$1${EMPTY_HOST}`));
  } catch {
    throw new AppError('usage', `--db: "${redactUrl(spec.url)}" is not a URL (e.g. postgres://user@host:5432/ or mysql://user@host:3306/)`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  const engine = SCHEMES[scheme];
  if (!engine) throw new AppError('usage', `--db: unsupported scheme "${scheme}" (use postgres, postgresql, mysql or mariadb)`);
  if (url.password) {
    throw new AppError('usage', `--db ${redactUrl(spec.url)}: a password in the URL is refused; use ${engine === 'postgres' ? 'PGPASSWORD, ~/.pgpass' : 'MYSQL_PWD'} or passwordFile in the config`);
  }
  const params = url.searchParams;
  const sslmode = (params.get('sslmode') ?? params.get('ssl-mode')?.toLowerCase().replace('_', '-') ?? 'prefer') as DbTarget['sslmode'];
  if (!SSLMODES.includes(sslmode)) throw new AppError('usage', `--db: sslmode "${sslmode}" is not one of ${SSLMODES.join(', ')}`);
  for (const key of params.keys()) {
    if (!['sslmode', 'ssl-mode', 'socket', 'host', 'include', 'exclude'].includes(key)) {
      throw new AppError('usage', `--db ${redactUrl(spec.url)}: unknown parameter "${key}"`);
    }
  }
  const port = url.port ? Number(url.port) : DEFAULT_PORT[engine];
  let host: string | null = url.hostname && url.hostname !== EMPTY_HOST ? decodeURIComponent(url.hostname).replace(/^\[|\]$/g, '') : null;
  let socket = params.get('socket') ?? (params.get('host')?.startsWith('/') ? params.get('host') : null);
  if (host && host.startsWith('/')) {
    socket = host;
    host = null;
  }
  if (!host && !socket) {
    // No host: the local server over its unix socket, as psql and mysql do.
    socket = localSocket(engine, port);
    if (!socket) host = '127.0.0.1';
  }
  if (socket) host = null;
  const dbPath = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const user = url.username ? decodeURIComponent(url.username) : osUser();
  const split = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  const base = {
    engine,
    scheme,
    host,
    port,
    socket,
    user,
    database: dbPath || null,
    include: [...(spec.include ?? []), ...split(params.get('include'))],
    exclude: [...(spec.exclude ?? []), ...split(params.get('exclude'))],
    sslmode,
    source: spec.source,
  };
  const target: DbTarget = { ...base, id: targetId(base), password: null };
  target.password = resolvePassword(target, spec.passwordFile, env, home);
  return target;
}

/** Replaces any password in a URL-looking text, for messages about bad input. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/**
 * Password sources, first found wins: the target's passwordFile (refused unless mode
 * 0600 or stricter), PGPASSWORD / MYSQL_PWD, then ~/.pgpass (PostgreSQL, also 0600).
 */
export function resolvePassword(t: DbTarget, passwordFile: string | undefined, env: NodeJS.ProcessEnv, home: string): Secret | null {
  if (passwordFile) {
    let st;
    try {
      st = statSync(passwordFile);
    } catch (err) {
      throw new AppError('config_invalid', `passwordFile ${passwordFile} for ${t.id}: cannot read: ${errorMessage(err)}`);
    }
    if ((st.mode & 0o077) !== 0) {
      throw new AppError('config_invalid', `passwordFile ${passwordFile} for ${t.id}: mode ${(st.mode & 0o777).toString(8)} is refused; chmod 600 it`);
    }
    return new Secret(readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, ''));
  }
  const fromEnv = t.engine === 'postgres' ? env.PGPASSWORD : env.MYSQL_PWD;
  if (fromEnv) return new Secret(fromEnv);
  if (t.engine === 'postgres') {
    const pgpass = env.PGPASSFILE ?? path.join(home, '.pgpass');
    const found = lookupPgpass(pgpass, t);
    if (found !== null) return new Secret(found);
  }
  return null;
}

/** ~/.pgpass lines `host:port:database:user:password`, `*` wildcards and `\:` escapes; ignored unless 0600, as libpq does. */
export function lookupPgpass(file: string, t: Pick<DbTarget, 'host' | 'socket' | 'port' | 'database' | 'user'>): string | null {
  let text: string;
  try {
    if ((statSync(file).mode & 0o077) !== 0) return null;
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const host = t.host ?? 'localhost';
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const fields: string[] = [];
    let cur = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\' && i + 1 < line.length) cur += line[++i];
      else if (c === ':' && fields.length < 4) {
        fields.push(cur);
        cur = '';
      } else cur += c;
    }
    fields.push(cur);
    if (fields.length !== 5) continue;
    const [h, p, d, u, pw] = fields as [string, string, string, string, string];
    const match = (pattern: string, value: string) => pattern === '*' || pattern === value;
    if (match(h, host) && match(p, String(t.port ?? 5432)) && match(d, t.database ?? '*') && match(u, t.user)) return pw;
  }
  return null;
}

/** Glob (`*`, `?`) match for --db-include / --db-exclude. */
export function globMatch(pattern: string, name: string): boolean {
  // 's': a name may contain a newline, and `*` must still match it.
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(name);
}

/** Whether a database/schema name is selected by a target's include/exclude patterns. */
export function isSelected(t: Pick<DbTarget, 'include' | 'exclude'>, name: string): boolean {
  if (t.include.length > 0 && !t.include.some((p) => globMatch(p, name))) return false;
  return !t.exclude.some((p) => globMatch(p, name));
}
