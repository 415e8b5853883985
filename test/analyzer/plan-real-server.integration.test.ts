/**
 * The planner against real servers. Two throwaway servers of this test's own, on temp
 * directories and free ports: a PostgreSQL 15 with wal_level=logical (initdb + pg_ctl) and a
 * MariaDB with the binary log on in ROW format and server_id 7. Each is collected with the real
 * agent and planned; the checks must report what the servers were started with. The machine's
 * shared servers (PostgreSQL wal_level=replica, MariaDB without binlog) are only read, and must
 * come out the other way. The throwaway servers are stopped and their directories deleted
 * whatever happens.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { readBundleFile, type Bundle } from '../../agent/bundle/index.js';
import { buildPlan } from '../../analyzer/plan/build-plan.js';
import { PlanSchema, type PlanServer } from '../../analyzer/plan/schema.js';
import { DEFAULT_PLAN_SETTINGS } from '../../analyzer/plan/settings.js';
import { ROOT, runAgent } from '../helpers/agent-cli.js';
import { hostsOf } from './plan-fixtures.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const NOW = new Date('2026-11-26T09:00:00.000Z');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): { uid: number; gid: number } {
  return { uid: Number(execFileSync('id', ['-u', user]).toString().trim()), gid: Number(execFileSync('id', ['-g', user]).toString().trim()) };
}

/** A temp directory owned by `user` (the servers refuse to run as root). */
function ownedTempDir(prefix: string, user: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const { uid, gid } = uidOf(user);
  chownSync(dir, uid, gid);
  return dir;
}

async function collect(url: string, dir: string, include?: string): Promise<{ bundle: Bundle; outDir: string }> {
  const outDir = path.join(dir, 'bundles');
  const args = ['collect', '--only', 'databases', '--duration', '1s', '--interval', '500ms', '--db', url, '--out', outDir, '--state-dir', path.join(dir, 'state'), '--quiet', '--log-level', 'error'];
  if (include) args.push('--db-include', include);
  const res = await runAgent(args, { timeoutMs: 120_000 });
  if (res.code !== 0 && res.code !== 3) throw new Error(`scout-agent collect exited ${res.code}: ${res.stderr.slice(-2000)}`);
  const file = readdirSync(outDir).find((f) => f.endsWith('.scout.json.gz'));
  if (!file) throw new Error(`no bundle written: ${res.stderr.slice(-2000)}`);
  return { bundle: await readBundleFile(path.join(outDir, file)), outDir };
}

function planOne(bundle: Bundle): PlanServer {
  const plan = buildPlan({ hosts: hostsOf(bundle), settings: DEFAULT_PLAN_SETTINGS, now: NOW });
  PlanSchema.parse(plan);
  expect(plan.servers).toHaveLength(1);
  return plan.servers[0]!;
}

const check = (s: PlanServer, id: string) => {
  const c = s.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

describe('throwaway PostgreSQL with wal_level=logical', () => {
  let dir = '';
  let port = 0;
  let started = false;
  const asPostgres = (cmd: string, args: string[]): string => execFileSync('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, cmd), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString();

  beforeAll(async () => {
    dir = ownedTempDir('scout-plan-pg-', 'postgres');
    port = await freePort();
    asPostgres('initdb', ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c wal_level=logical -c max_wal_senders=4 -c fsync=off`;
    asPostgres('pg_ctl', ['-D', path.join(dir, 'data'), '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    started = true;
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await c.connect();
    try {
      await c.query('CREATE DATABASE planprobe');
    } finally {
      await c.end();
    }
    const d = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'planprobe' });
    await d.connect();
    try {
      await d.query('CREATE TABLE public.orders (id int PRIMARY KEY, note text); CREATE TABLE public.audit_log (msg text, payload bytea)');
    } finally {
      await d.end();
    }
  }, 120_000);

  afterAll(() => {
    try {
      if (started) asPostgres('pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports the settings the server runs with and the table without a key', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'scout-plan-pgc-'));
    try {
      const { bundle, outDir } = await collect(`postgres://postgres@127.0.0.1:${port}/`, work, 'planprobe');
      const s = planOne(bundle);
      expect(s.engine).toBe('postgres');
      expect(s.hosting).toBe('external');
      expect(s.version).toMatch(/^15\./);
      expect(s.databases.map((d) => d.name)).toEqual(['planprobe']);
      expect(s.databases[0]!.tables).toBe(2);
      expect(check(s, 'postgres-check-wallevel')).toMatchObject({ status: 'pass', detail: expect.stringContaining('logical') });
      expect(check(s, 'postgres-check-maxwalsenders')).toMatchObject({ status: 'pass', detail: expect.stringContaining('4') });
      expect(check(s, 'postgres-check-walsenderstimeout').status).toBe('pass');
      expect(check(s, 'postgres-check-preparedtxn').status).toBe('pass');
      expect(check(s, 'postgres-check-pk')).toMatchObject({ status: 'fail', objects: ['planprobe.public.audit_log'] });
      expect(check(s, 'table-with-lob-but-without-primary-key-or-unique-constraint').objects).toEqual(['planprobe.public.audit_log']);

      // The command line over the same bundle: exit 0 and a plan.json that validates.
      const planDir = path.join(work, 'plan');
      const res = await runAgent(['plan', outDir, '--out', planDir], { cliPath: path.join(ROOT, 'dist', 'analyzer', 'cli.js') });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('native-dump');
      const written = PlanSchema.parse(JSON.parse(readFileSync(path.join(planDir, 'plan.json'), 'utf8')));
      expect(written.servers[0]!.checks.find((c) => c.id === 'postgres-check-wallevel')!.status).toBe('pass');
      expect(existsSync(path.join(planDir, written.servers[0]!.artifacts[0]!.path))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);

  it('reports the shared server (wal_level=replica) as failing, with the ALTER SYSTEM fix', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'scout-plan-pgs-'));
    try {
      const { bundle } = await collect('postgres://postgres@127.0.0.1:5432/postgres', work, 'postgres');
      const s = planOne(bundle);
      const wal = check(s, 'postgres-check-wallevel');
      const live = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await live.connect();
      const level = (await live.query<{ wal_level: string }>('SHOW wal_level')).rows[0]!.wal_level;
      await live.end();
      expect(wal.detail).toContain(level);
      expect(wal.status).toBe(level === 'logical' ? 'pass' : 'fail');
      if (level !== 'logical') expect(wal.fix).toContain("ALTER SYSTEM SET wal_level = 'logical'");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('throwaway MariaDB with the binary log on (ROW, server_id 7)', () => {
  let dir = '';
  let port = 0;
  let server: ChildProcess | null = null;

  beforeAll(async () => {
    dir = ownedTempDir('scout-plan-my-', 'mysql');
    port = await freePort();
    const data = path.join(dir, 'data');
    mkdirSync(data);
    const { uid, gid } = uidOf('mysql');
    chownSync(data, uid, gid);
    execFileSync('mariadb-install-db', ['--no-defaults', '--user=mysql', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    server = spawn(
      'mariadbd',
      ['--no-defaults', '--user=mysql', `--datadir=${data}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${path.join(dir, 'mysqld.sock')}`, `--pid-file=${path.join(dir, 'mysqld.pid')}`, `--log-bin=${path.join(dir, 'binlog')}`, '--binlog-format=ROW', '--server-id=7', '--innodb-buffer-pool-size=32M'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
        await c.query('CREATE DATABASE planprobe');
        await c.query('CREATE TABLE planprobe.hits (id int PRIMARY KEY, n int) ENGINE=MyISAM');
        await c.query('CREATE TABLE planprobe.orders (id int AUTO_INCREMENT PRIMARY KEY, note text) ENGINE=InnoDB');
        await c.end();
        break;
      } catch (err) {
        if (Date.now() > deadline || server.exitCode !== null) throw new Error(`throwaway MariaDB did not start: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  }, 180_000);

  afterAll(async () => {
    try {
      if (server && server.exitCode === null) {
        const exited = new Promise((r) => server!.once('exit', r));
        server.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
        if (server.exitCode === null) server.kill('SIGKILL');
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports the binary log settings it was started with, and the MyISAM table', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'scout-plan-myc-'));
    try {
      const { bundle } = await collect(`mysql://root@127.0.0.1:${port}/`, work, 'planprobe');
      const s = planOne(bundle);
      expect(s.flavor).toBe('mariadb');
      expect(s.target.engine).toBe('aurora-mysql');
      expect(check(s, 'mysql-check-binlog-enabled').status).toBe('pass');
      expect(check(s, 'mysql-check-binlog-format')).toMatchObject({ status: 'pass', detail: expect.stringContaining('ROW') });
      expect(check(s, 'mysql-check-server-id')).toMatchObject({ status: 'pass', detail: 'server_id is 7.' });
      expect(check(s, 'mysql-check-table-storage-engine')).toMatchObject({ status: 'warn', objects: ['planprobe.hits (MyISAM)'] });
      expect(check(s, 'mysql-check-auto-increment').objects).toEqual(['planprobe.orders']);
      expect(s.paths.find((p) => p.path === 'xtrabackup-s3')!.feasible).toBe(false);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);

  it('on a server with the RDS configuration table: reads binlog retention hours and checks them (24 passes, NULL fails)', async () => {
    // mysql.rds_configuration as RDS has it (its presence is also RDS evidence); this server is the test's own.
    const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
    const work = mkdtempSync(path.join(os.tmpdir(), 'scout-plan-myr-'));
    try {
      await admin.query('CREATE TABLE mysql.rds_configuration (name varchar(100) NOT NULL PRIMARY KEY, value varchar(100), description varchar(300) NOT NULL)');
      await admin.query("INSERT INTO mysql.rds_configuration VALUES ('binlog retention hours', '24', 'binlog retention hours specifies the duration in hours before binary logs are automatically deleted.'), ('source delay', '0', 'source delay specifies replication delay in seconds between current instance and its master.')");
      const first = await collect(`mysql://root@127.0.0.1:${port}/`, path.join(work, 'a'), 'planprobe');
      expect(first.bundle.databases!.servers[0]!.serverRows.rds_configuration).toEqual([
        expect.objectContaining({ name: 'binlog retention hours', value: '24' }),
        expect.objectContaining({ name: 'source delay', value: '0' }),
      ]);
      const s = planOne(first.bundle);
      expect(s.flavor).toBe('rds-mariadb');
      expect(check(s, 'mysql-check-binlog-retention-time')).toMatchObject({ status: 'pass', detail: 'binlog retention hours is 24.', fix: null });

      await admin.query("UPDATE mysql.rds_configuration SET value = NULL WHERE name = 'binlog retention hours'");
      const second = planOne((await collect(`mysql://root@127.0.0.1:${port}/`, path.join(work, 'b'), 'planprobe')).bundle);
      expect(check(second, 'mysql-check-binlog-retention-time')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('NULL'),
        fix: "CALL mysql.rds_set_configuration('binlog retention hours', 24);",
      });
    } finally {
      await admin.query('DROP TABLE IF EXISTS mysql.rds_configuration');
      await admin.end();
      rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);

  it('reports the shared MariaDB binary log settings as they are', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'scout-plan-mys-'));
    try {
      const { bundle } = await collect('mysql://root@127.0.0.1:3306/', work, 'scout_plan_no_such_db');
      const s = planOne(bundle);
      const live = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
      const [rows] = await live.query("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format')");
      await live.end();
      const vars = new Map((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]));
      expect(check(s, 'mysql-check-binlog-enabled').status).toBe(vars.get('log_bin') === 'ON' ? 'pass' : 'fail');
      expect(check(s, 'mysql-check-binlog-format')).toMatchObject({ status: vars.get('binlog_format') === 'ROW' ? 'pass' : 'fail', detail: expect.stringContaining(vars.get('binlog_format')!) });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
