/**
 * `scout convert` end to end, against the machine's MariaDB 10.11 and PostgreSQL 15: a
 * schema with a trigger and a procedure (bodies holding `;`) and a view is collected by the
 * real agent, converted by the real CLI to both targets, and the written scripts are run by
 * the engines' own command-line clients (`mariadb`, `psql -v ON_ERROR_STOP=1`), as a user
 * would. Also: --help, bad usage (exit 2) and --fail-on (exit 3).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runAgent } from '../helpers/agent-cli.js';
import { MYSQL, PG, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const SCOUT = path.join(ROOT, 'dist', 'analyzer', 'cli.js');
const src = uniqueName('scout_cli_src');
const myTarget = uniqueName('scout_cli_my');
const pgTarget = uniqueName('scout_cli_pg');
const dir = mkdtempSync(path.join(os.tmpdir(), 'scout-convert-cli-'));
let bundle = '';

const scout = (args: string[]) => spawnSync(process.execPath, [SCOUT, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  await createDatabase('mysql', src);
  await runSql(
    'mysql',
    src,
    `CREATE TABLE account (id int unsigned AUTO_INCREMENT PRIMARY KEY, email varchar(100) NOT NULL UNIQUE,
       active tinyint(1) NOT NULL DEFAULT 1, balance decimal(10,2) NOT NULL DEFAULT 0,
       updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP) ENGINE=InnoDB;
     CREATE TABLE audit (id int AUTO_INCREMENT PRIMARY KEY, account_id int unsigned NOT NULL, note text,
       CONSTRAINT fk_audit_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE);
     CREATE VIEW active_accounts AS SELECT id, email FROM account WHERE active = 1;
     CREATE TRIGGER account_ai AFTER INSERT ON account FOR EACH ROW BEGIN
       INSERT INTO audit (account_id, note) VALUES (NEW.id, 'created; welcome'); END;
     CREATE PROCEDURE close_account(IN p_id int unsigned) BEGIN
       UPDATE account SET active = 0 WHERE id = p_id; DELETE FROM audit WHERE account_id = p_id; END;`,
  );
  const out = path.join(dir, 'bundles');
  const res = await runAgent(['collect', '--only', 'databases', '--duration', '500ms', '--interval', '500ms', '--db', `mysql://${MYSQL.user}@${MYSQL.host}:${MYSQL.port}/`, '--db-include', src, '--out', out, '--state-dir', path.join(dir, 'state'), '--quiet', '--log-level', 'error']);
  expect([0, 3]).toContain(res.code);
  bundle = path.join(out, readdirSync(out).find((f) => f.endsWith('.scout.json.gz'))!);
  await createDatabase('postgres', pgTarget);
}, 120_000);

afterAll(async () => {
  await dropDatabase('mysql', src);
  await dropDatabase('mysql', myTarget);
  await dropDatabase('postgres', pgTarget);
});

describe('scout convert (MariaDB 10.11 source; targets MariaDB 10.11 and PostgreSQL 15)', () => {
  it('prints help with exit 0 and refuses bad usage with exit 2', () => {
    const help = scout(['convert', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scout convert BUNDLE/);
    expect(scout(['convert', bundle]).status).toBe(2);
    expect(scout(['convert', bundle, '--database', src, '--to', 'oracle']).status).toBe(2);
    const missing = scout(['convert', bundle, '--database', 'no_such_db', '--to', 'mysql', '--out', path.join(dir, 'x')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`no database "no_such_db" in the bundle`);
    const badMapping = path.join(dir, 'bad.yaml');
    writeFileSync(badMapping, 'enum: maybe\n');
    const bad = scout(['convert', bundle, '--database', src, '--to', 'postgresql', '--mapping', badMapping, '--out', path.join(dir, 'x')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('bad.yaml: enum:');
  });

  it('to MySQL: the written scripts run in the mariadb client (DELIMITER around bodies with ;)', async () => {
    const mapping = path.join(dir, 'my.yaml');
    writeFileSync(mapping, `schemas:\n  ${src}: ${myTarget}\n`);
    const out = path.join(dir, 'to-mysql');
    const res = scout(['convert', bundle, '--database', src, '--to', 'mysql', '--mapping', mapping, '--out', out, '--json']);
    expect(res.status, res.stderr).toBe(0);
    const json = JSON.parse(res.stdout) as { files: { preData: string; postData: string }; sameEngine: boolean };
    expect(json.sameEngine).toBe(true);
    for (const file of [json.files.preData, json.files.postData]) {
      const run = spawnSync('mariadb', ['-h', MYSQL.host, '-P', String(MYSQL.port), '-u', MYSQL.user, '--batch'], { input: await import('node:fs').then((fs) => fs.readFileSync(file)), encoding: 'utf8' });
      expect(run.status, `${file}: ${run.stderr}`).toBe(0);
    }
    const c = await mysql.createConnection({ ...MYSQL, database: myTarget });
    try {
      await c.query("INSERT INTO account (email) VALUES ('a@example.com')");
      const [audit] = await c.query('SELECT note FROM audit');
      expect(audit).toEqual([{ note: 'created; welcome' }]);
      await c.query('CALL close_account(1)');
      const [view] = await c.query('SELECT * FROM active_accounts');
      expect(view).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('to PostgreSQL: the written scripts run in psql with ON_ERROR_STOP; --fail-on critical exits 3', async () => {
    const out = path.join(dir, 'to-pg');
    const res = scout(['convert', bundle, '--database', src, '--to', 'postgresql', '--out', out, '--fail-on', 'critical']);
    // The trigger and procedure are listed for manual work (critical) until procedural conversion lands.
    expect([0, 3]).toContain(res.status);
    expect(res.stdout).toContain(`${src}: mariadb`);
    const files = readdirSync(out).sort();
    expect(files).toEqual([`${src}.assessment.json`, `${src}.postgresql.post-data.sql`, `${src}.postgresql.pre-data.sql`]);
    for (const f of [`${src}.postgresql.pre-data.sql`, `${src}.postgresql.post-data.sql`]) {
      const run = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', PG.host, '-U', PG.user, '-d', pgTarget, '-f', path.join(out, f)], { encoding: 'utf8' });
      expect(run.status, `${f}: ${run.stderr}`).toBe(0);
    }
    const c = new pg.Client({ ...PG, database: pgTarget });
    await c.connect();
    try {
      await c.query(`INSERT INTO "${src}".account (email) VALUES ('b@example.com')`);
      const r = await c.query(`SELECT active, balance FROM "${src}".account`);
      expect(r.rows).toEqual([{ active: true, balance: '0.00' }]);
      const v = await c.query(`SELECT email FROM "${src}".active_accounts`);
      expect(v.rows).toEqual([{ email: 'b@example.com' }]);
    } finally {
      await c.end();
    }
  });
});
