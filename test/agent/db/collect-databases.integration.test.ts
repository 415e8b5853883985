/**
 * The real `scout-agent collect` reading the machine's PostgreSQL 15 and MariaDB 10.11
 * with least-privilege users, then with every fault of the issue at once: refused
 * connection, wrong password, TLS required, a database that is gone, permission denied
 * and a statement timeout. Passwords must appear nowhere.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile, type Bundle, type DatabaseServer } from '../../../agent/bundle/index.js';
import { runAgent, type CliResult } from '../../helpers/agent-cli.js';

const tag = randomBytes(4).toString('hex');
const MY_SCHEMA = `scout_cli_${tag}`;
const MY_USER = `scout_cli_${tag}`;
const MY_PASSWORD = `my-pw-${randomBytes(6).toString('hex')}`;
const PG_DB = `scout_cli_${tag}`;
const PG_LOCKED_DB = `scout_cli_locked_${tag}`;
const PG_ROLE = `scout_cli_${tag}`;
const PG_TLS_ROLE = `scout_tls_${tag}`;
const PG_PASSWORD = `pg-pw-${randomBytes(6).toString('hex')}`;
const WRONG_PASSWORD = `wrong-pw-${randomBytes(6).toString('hex')}`;
const SECRETS = [MY_PASSWORD, PG_PASSWORD, WRONG_PASSWORD];

async function pgAdmin(database = 'postgres'): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
  await c.connect();
  return c;
}

function everything(dir: string, r: CliResult): string {
  const out = path.join(dir, 'out');
  const bundles = readdirSync(out).map((f) => gunzipSync(readFileSync(path.join(out, f))).toString());
  return [...bundles, r.stdout, r.stderr].join('\n');
}

function server(b: Bundle, pred: (s: DatabaseServer) => boolean): DatabaseServer {
  const s = b.databases!.servers.find(pred);
  if (!s) throw new Error(`no such server in ${b.databases!.servers.map((x) => x.target.id).join(', ')}`);
  return s;
}

describe('scout-agent collect --db (PostgreSQL 15 and MariaDB 10.11 on this machine)', () => {
  let dir: string;
  let hbaFile: string;
  let hbaOriginal: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-dbcli-'));
    const my = await mysql.createConnection({ host: '127.0.0.1', user: 'root', multipleStatements: true });
    await my.query(`CREATE DATABASE \`${MY_SCHEMA}\`;
      CREATE TABLE \`${MY_SCHEMA}\`.customer (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(80) NOT NULL, status ENUM('new','ok') DEFAULT 'new') ENGINE=InnoDB;
      CREATE TABLE \`${MY_SCHEMA}\`.\`order\` (id INT PRIMARY KEY, customer_id INT UNSIGNED, FOREIGN KEY (customer_id) REFERENCES \`${MY_SCHEMA}\`.customer(id)) ENGINE=InnoDB;
      CREATE VIEW \`${MY_SCHEMA}\`.v_customer AS SELECT id, name FROM \`${MY_SCHEMA}\`.customer;`);
    for (const host of ['127.0.0.1', 'localhost']) {
      await my.query(`CREATE USER '${MY_USER}'@'${host}' IDENTIFIED BY '${MY_PASSWORD}'`);
      await my.query(`GRANT SELECT, SHOW VIEW, PROCESS, REPLICATION CLIENT ON *.* TO '${MY_USER}'@'${host}'`);
    }
    await my.end();

    const admin = await pgAdmin();
    await admin.query(`CREATE DATABASE ${PG_DB}`);
    await admin.query(`CREATE DATABASE ${PG_LOCKED_DB}`);
    await admin.query(`REVOKE CONNECT ON DATABASE ${PG_LOCKED_DB} FROM PUBLIC`);
    await admin.query(`CREATE ROLE ${PG_ROLE} LOGIN PASSWORD '${PG_PASSWORD}'`);
    await admin.query(`GRANT pg_monitor TO ${PG_ROLE}`);
    await admin.query(`CREATE ROLE ${PG_TLS_ROLE} LOGIN PASSWORD '${PG_PASSWORD}'`);
    // TLS required: this role may connect over TLS only (the server here has none, so never).
    hbaFile = (await admin.query('SHOW hba_file')).rows[0].hba_file as string;
    hbaOriginal = readFileSync(hbaFile, 'utf8');
    writeFileSync(hbaFile, `hostnossl all ${PG_TLS_ROLE} 127.0.0.1/32 reject\n${hbaOriginal}`);
    await admin.query('SELECT pg_reload_conf()');
    await admin.end();
    const db = await pgAdmin(PG_DB);
    await db.query(`CREATE TABLE customer (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
      CREATE TABLE "order" (id int PRIMARY KEY, customer_id int REFERENCES customer(id));
      CREATE VIEW v_customer AS SELECT id, name FROM customer;`);
    await db.end();
  });

  afterAll(async () => {
    if (hbaOriginal !== undefined) writeFileSync(hbaFile, hbaOriginal);
    const admin = await pgAdmin();
    await admin.query('SELECT pg_reload_conf()');
    for (const d of [PG_DB, PG_LOCKED_DB]) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
    for (const r of [PG_ROLE, PG_TLS_ROLE]) await admin.query(`DROP ROLE IF EXISTS ${r}`);
    await admin.end();
    const my = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
    await my.query(`DROP DATABASE IF EXISTS \`${MY_SCHEMA}\``);
    for (const host of ['127.0.0.1', 'localhost']) await my.query(`DROP USER IF EXISTS '${MY_USER}'@'${host}'`);
    await my.end();
    await rm(dir, { recursive: true, force: true });
  });

  describe('least-privilege users, --only databases', () => {
    let r: CliResult;
    let b: Bundle;
    let runDir: string;
    beforeAll(async () => {
      runDir = path.join(dir, 'good');
      r = await runAgent(
        ['collect', '--only', 'databases', '--duration', '1s', '--interval', '500ms', '--out', path.join(runDir, 'out'), '--state-dir', path.join(runDir, 'state'),
          '--db', `mariadb://${MY_USER}@127.0.0.1:3306/`, '--db-include', MY_SCHEMA,
          '--db', `postgres://${PG_ROLE}@127.0.0.1:5432/${PG_DB}`, '--log-level', 'debug'],
        { env: { ...process.env, MYSQL_PWD: MY_PASSWORD, PGPASSWORD: PG_PASSWORD } },
      );
      b = await readBundleFile(r.stdout.trim());
    });

    it('exits 0 with no host part and both servers read', () => {
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(b.host).toBeNull();
      expect(b.collection.parts).toEqual({ host: false, databases: true });
      expect(b.databases!.servers).toHaveLength(2);
      for (const s of b.databases!.servers) {
        expect(s.connected, s.target.id).toBe(true);
        expect(s.errors, s.target.id).toEqual([]);
        expect(s.workload.start, `${s.target.id} workload at start`).not.toBeNull();
        expect(s.workload.end, `${s.target.id} workload at end`).not.toBeNull();
      }
    });

    it('reads only the selected schema of MariaDB, as raw rows', () => {
      const s = server(b, (x) => x.engine === 'mysql');
      expect(s.server!.flavor).toBe('mariadb');
      expect(s.target).toMatchObject({ user: MY_USER, host: '127.0.0.1', addresses: ['127.0.0.1'], port: 3306, source: 'flag' });
      expect(s.databases.map((d) => d.name)).toEqual([MY_SCHEMA]);
      const rows = s.databases[0]!.rows;
      expect(Object.keys(rows)).toEqual(expect.arrayContaining(['tables', 'columns', 'indexes', 'views']));
      // information_schema.TABLES lists views too; the raw rows keep them, typed.
      expect(rows.tables!.filter((t) => t.table_type === 'BASE TABLE').length).toBe(2);
      expect(rows.views!.length).toBe(1);
    });

    it('reads the named PostgreSQL database', () => {
      const s = server(b, (x) => x.engine === 'postgres');
      expect(s.server!.flavor).toBe('postgresql');
      expect(s.server!.versionNum).toBeGreaterThanOrEqual(150000);
      expect(s.databases.map((d) => d.name)).toEqual([PG_DB]);
      const tables = s.databases[0]!.rows.tables!.map((t) => Object.values(t).join(' '));
      expect(tables.join('\n')).toMatch(/customer/);
      expect(tables.join('\n')).toMatch(/order/);
    });

    it('records every query it ran, with time and rows', () => {
      for (const s of b.databases!.servers) {
        expect(s.queries.length).toBeGreaterThan(5);
        for (const q of s.queries) expect(q.ms).toBeGreaterThanOrEqual(0);
      }
    });

    it('never writes a password to the bundle, the log or stdout', () => {
      const all = everything(runDir, r);
      for (const secret of SECRETS) expect(all).not.toContain(secret);
    });
  });

  describe('faults: each recorded by server, the rest completes, exit 3', () => {
    let r: CliResult;
    let b: Bundle;
    let runDir: string;
    let locker: pg.Client;
    beforeAll(async () => {
      runDir = path.join(dir, 'faults');
      const wrongFile = path.join(dir, 'wrong.password');
      writeFileSync(wrongFile, `${WRONG_PASSWORD}\n`);
      chmodSync(wrongFile, 0o600);
      const config = path.join(dir, 'faults.yaml');
      writeFileSync(
        config,
        [
          'databases:',
          `  - url: mariadb://${MY_USER}@127.0.0.1:3306/`,
          `    include: [${MY_SCHEMA}]`,
          `  - url: mysql://${MY_USER}@127.0.0.1:1/`,
          `  - url: mysql://${MY_USER}@127.0.0.1:3306/`,
          `    passwordFile: ${wrongFile}`,
          `  - url: postgres://${PG_ROLE}@127.0.0.1:5432/scout_cli_missing_${tag}`,
          `  - url: postgres://${PG_ROLE}@127.0.0.1:5432/${PG_LOCKED_DB}`,
          `  - url: postgres://${PG_TLS_ROLE}@127.0.0.1:5432/${PG_DB}`,
          `  - url: postgres://postgres@127.0.0.1:5432/${PG_DB}`,
          '',
        ].join('\n'),
      );
      // Statement timeout: hold an exclusive lock on a catalog the collector reads (user tables
      // it skips when locked), so that query waits past --db-statement-timeout.
      locker = await pgAdmin(PG_DB);
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE pg_catalog.pg_enum IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      r = await runAgent(
        ['collect', '--only', 'databases', '--duration', '500ms', '--interval', '500ms', '--config', config, '--out', path.join(runDir, 'out'), '--state-dir', path.join(runDir, 'state'),
          '--db-statement-timeout', '1s', '--db-lock-timeout', '30s', '--db-connect-timeout', '5s'],
        { env: { ...process.env, MYSQL_PWD: MY_PASSWORD, PGPASSWORD: PG_PASSWORD } },
      );
      (r as CliResult & { ms: number }).ms = Date.now() - started;
      await locker.query('ROLLBACK');
      await locker.end();
      b = await readBundleFile(r.stdout.trim());
    });

    it('exits 3 after writing the bundle, without hanging past its timeouts', () => {
      expect(r.code, r.stderr.slice(-3000)).toBe(3);
      expect((r as CliResult & { ms: number }).ms).toBeLessThan(45_000);
      expect(b.errors.length).toBeGreaterThanOrEqual(6);
    });

    it('still reads the good server fully', () => {
      const good = server(b, (s) => s.target.port === 3306 && s.databases.length === 1);
      expect(good.connected).toBe(true);
      expect(good.errors).toEqual([]);
      expect(good.databases[0]!.name).toBe(MY_SCHEMA);
    });

    it.each([
      ['refused connection', (s: DatabaseServer) => s.target.port === 1, 'connection_refused'],
      ['wrong password', (s: DatabaseServer) => s.engine === 'mysql' && s.target.port === 3306 && !s.connected, 'auth_failed'],
      ['database dropped or missing', (s: DatabaseServer) => s.target.id.includes('scout_cli_missing_'), 'database_not_found'],
      ['permission denied', (s: DatabaseServer) => s.target.id.includes(PG_LOCKED_DB), 'permission_denied'],
      ['TLS required', (s: DatabaseServer) => s.target.user === PG_TLS_ROLE, 'tls_required'],
      ['statement timeout', (s: DatabaseServer) => s.target.user === 'postgres', 'statement_timeout'],
    ])('%s', (_name, pred, code) => {
      const s = server(b, pred);
      expect(s.errors.map((e) => e.code), JSON.stringify(s.errors)).toContain(code);
      // The bundle's top-level errors name the server, without a password.
      expect(b.errors.some((e) => e.collector === `db ${s.target.id}`)).toBe(true);
    });

    it('logs each failure naming the server, and leaks no password', () => {
      expect(r.stderr).toMatch(/"target":"mysql:\/\/scout_cli_\w+@127\.0\.0\.1:1\/"/);
      const all = everything(runDir, r);
      for (const secret of SECRETS) expect(all).not.toContain(secret);
    });
  });
});
