/**
 * `scout analyze` end to end on this machine: a small MariaDB 10.11 database and a small
 * PostgreSQL 15 database are collected by the real agent (with the host part), the stored
 * Debian 12 bundle and a broken file are added, and the real CLI writes the report. The
 * broken file is named and skipped (exit 3); the pages show the host count, the tables and
 * the migration paths.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../agent/bundle/index.js';
import { MIGRATION_PATHS, type Plan } from '../../analyzer/plan/schema.js';
import { ROOT, runAgent } from '../helpers/agent-cli.js';
import { MYSQL, PG, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const SCOUT = path.join(ROOT, 'dist', 'analyzer', 'cli.js');
const myDb = uniqueName('scout_an_my');
const pgDb = uniqueName('scout_an_pg');
const dir = mkdtempSync(path.join(os.tmpdir(), 'scout-analyze-cli-'));
const bundles = path.join(dir, 'bundles');
const out = path.join(dir, 'report');
const broken = path.join(bundles, 'broken.scout.json.gz');

const scout = (args: string[]) => spawnSync(process.execPath, [SCOUT, ...args], { encoding: 'utf8', timeout: 120_000 });
let run: ReturnType<typeof scout>;

const pagesIn = (sub: string): string[] => readdirSync(path.join(out, sub)).filter((f) => f.endsWith('.html'));
const decode = (html: string): string => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

beforeAll(async () => {
  await createDatabase('mysql', myDb);
  await runSql(
    'mysql',
    myDb,
    `CREATE TABLE invoice_lines (id int unsigned AUTO_INCREMENT PRIMARY KEY, sku varchar(40) NOT NULL, qty int NOT NULL DEFAULT 1, created datetime NOT NULL DEFAULT '2020-01-01 00:00:00') ENGINE=InnoDB;
     CREATE VIEW big_lines AS SELECT id, sku FROM invoice_lines WHERE qty > 10;`,
  );
  await createDatabase('postgres', pgDb);
  await runSql('postgres', pgDb, `CREATE TABLE shipment_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL, tags text[], at timestamptz NOT NULL DEFAULT now());`);
  const res = await runAgent(
    ['collect', '--duration', '2s', '--interval', '500ms', '--db', `mysql://${MYSQL.user}@${MYSQL.host}:${MYSQL.port}/`, '--db', `postgres://${PG.user}@${PG.host}:${PG.port}/`, '--db-include', myDb, '--db-include', pgDb, '--out', bundles, '--state-dir', path.join(dir, 'state'), '--quiet', '--log-level', 'error'],
    { timeoutMs: 120_000 },
  );
  expect([0, 3], res.stderr).toContain(res.code);
  copyFileSync(path.join(ROOT, 'test', 'fixtures', 'bundles', 'v1-collect-debian12.scout.json.gz'), path.join(bundles, 'debian12.scout.json.gz'));
  writeFileSync(broken, 'this is not a bundle');
  run = scout(['analyze', bundles, '--out', out]);
}, 180_000);

afterAll(async () => {
  await dropDatabase('mysql', myDb);
  await dropDatabase('postgres', pgDb);
  rmSync(dir, { recursive: true, force: true });
});

describe('scout analyze (MariaDB 10.11 and PostgreSQL 15 collected by the agent)', () => {
  it('names the broken bundle, skips it, exits 3 and prints the path of index.html last', () => {
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toContain(`skipped ${broken}`);
    const lines = run.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(path.join(out, 'index.html'));
    expect(existsSync(lines[lines.length - 1]!)).toBe(true);
  });

  it('writes every page and the machine outputs', () => {
    for (const f of ['index.html', 'plan.html', 'plan.json']) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(pagesIn('hosts')).toHaveLength(2);
    const dbPages = pagesIn('databases');
    expect(dbPages.some((p) => p.includes(myDb))).toBe(true);
    expect(dbPages.some((p) => p.includes(pgDb))).toBe(true);
    const ddl = readdirSync(path.join(out, 'ddl'));
    const myDdl = ddl.find((d) => d.includes(myDb))!;
    expect(readdirSync(path.join(out, 'ddl', myDdl)).sort()).toEqual([`${myDb}.assessment.json`, `${myDb}.mysql.post-data.sql`, `${myDb}.mysql.pre-data.sql`]);
    expect(readdirSync(path.join(out, 'exports')).length).toBeGreaterThan(3);
  });

  it('index.html shows the host count and the skipped file', () => {
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/<span class="v">2<\/span><span class="k">hosts<\/span>/);
    expect(index).toContain('broken.scout.json.gz');
    expect(index).toContain(myDb);
    expect(index).toContain(pgDb);
  });

  it('each database page names its tables, links its DDL and shows the recommended path', () => {
    const dbPages = pagesIn('databases');
    const my = readFileSync(path.join(out, 'databases', dbPages.find((p) => p.includes(myDb))!), 'utf8');
    const pgPage = readFileSync(path.join(out, 'databases', dbPages.find((p) => p.includes(pgDb))!), 'utf8');
    expect(my).toContain('invoice_lines');
    expect(my).toMatch(/href="\.\.\/ddl\/[^"]+\/[^"]+\.pre-data\.sql"/);
    expect(decode(my)).toContain('CREATE TABLE');
    expect(pgPage).toContain('shipment_events');
    for (const page of [my, pgPage]) expect(page).toMatch(new RegExp(`<strong>(${MIGRATION_PATHS.join('|')})</strong>`));
  });

  it('host pages show inventory, performance charts with avg and p95, listening ports and EC2 sizing', () => {
    for (const page of pagesIn('hosts')) {
      const html = readFileSync(path.join(out, 'hosts', page), 'utf8');
      expect(html).toContain('<h2>Inventory</h2>');
      expect((html.match(/class="chart line-chart"/g) ?? []).length, page).toBe(4);
      expect(html).toMatch(/>avg [^<]+<\/text>/);
      expect(html).toMatch(/>p95 [^<]+<\/text>/);
      expect(html).toContain('<h2>Listening ports</h2>');
      expect(html).toContain('<h2>EC2 sizing</h2>');
    }
    // The collected host runs both servers: its page lists their ports and links their databases.
    const collected = pagesIn('hosts').map((p) => readFileSync(path.join(out, 'hosts', p), 'utf8')).find((h) => h.includes(myDb))!;
    expect(collected).toMatch(/<td class="num">3306<\/td>/);
    expect(collected).toMatch(/<td class="num">5432<\/td>/);
  });

  it('plan.html gives a path per database server', () => {
    const plan = readFileSync(path.join(out, 'plan.html'), 'utf8');
    const paths = [...plan.matchAll(new RegExp(`<td>(${MIGRATION_PATHS.join('|')}|none feasible)</td>`, 'g'))];
    expect(paths.length).toBeGreaterThanOrEqual(2);
  });

  it('prints help with exit 0 and refuses bad usage with exit 2', () => {
    const help = scout(['analyze', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scout analyze BUNDLE_OR_DIR/);
    for (const args of [['analyze'], ['analyze', bundles, '--bogus']]) {
      const r = scout(args);
      expect(r.status, r.stderr).toBe(2);
    }
    const badSettings = path.join(dir, 'settings.yaml');
    writeFileSync(badSettings, 'maxDowntimeMinutes: -5\n');
    const bad = scout(['analyze', bundles, '--out', path.join(dir, 'r2'), '--plan-settings', badSettings]);
    expect(bad.status, bad.stderr).toBe(2);
    expect(bad.stderr).toContain('plan settings');
  });
});

describe('scout analyze: two hosts with one hostname', () => {
  const twins = path.join(dir, 'twins');
  const twinOut = path.join(dir, 'twin-report');
  let twinRun: ReturnType<typeof scout>;

  beforeAll(() => {
    // The agent's bundle twice, as two agents on two hosts that share the hostname, each with the MariaDB database.
    const collected = readdirSync(bundles).find((f) => f.endsWith('.scout.json.gz') && f !== 'debian12.scout.json.gz' && f !== 'broken.scout.json.gz')!;
    const original = JSON.parse(gunzipSync(readFileSync(path.join(bundles, collected))).toString('utf8')) as Bundle;
    mkdirSync(twins);
    for (const name of ['twin-a', 'twin-b']) {
      const twin = structuredClone(original);
      twin.agent.id = randomUUID();
      twin.agent.hostname = 'twin';
      twin.collection.id = randomUUID();
      if (twin.host?.inventory) twin.host.inventory.hostname = 'twin';
      twin.databases!.servers = twin.databases!.servers.filter((sv) => sv.engine === 'mysql').map((sv) => ({ ...sv, databases: sv.databases.filter((d) => d.name === myDb) }));
      writeFileSync(path.join(twins, `${name}.scout.json.gz`), gzipSync(JSON.stringify(twin)));
    }
    twinRun = scout(['analyze', twins, '--out', twinOut]);
  }, 120_000);

  it('gives each host its own server id, database page, DDL folder and conversion', () => {
    expect(twinRun.status, twinRun.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(path.join(twinOut, 'plan.json'), 'utf8')) as Plan;
    expect(plan.hosts.map((h) => h.hostname)).toEqual(['twin', 'twin']);
    expect(plan.servers).toHaveLength(2);
    expect(new Set(plan.servers.map((sv) => sv.id)).size).toBe(2);
    expect(new Set(plan.servers.map((sv) => sv.hostId)).size).toBe(2);
    for (const sv of plan.servers) {
      expect(sv.databases.map((d) => d.name)).toEqual([myDb]);
      expect(sv.databases[0]!.conversion, sv.id).not.toBeNull();
    }
    const dbPages = readdirSync(path.join(twinOut, 'databases')).filter((f) => f.endsWith('.html'));
    expect(dbPages).toHaveLength(2);
    const ddl = readdirSync(path.join(twinOut, 'ddl'));
    expect(ddl).toHaveLength(2);
    for (const d of ddl) expect(readdirSync(path.join(twinOut, 'ddl', d)).sort()).toEqual([`${myDb}.assessment.json`, `${myDb}.mysql.post-data.sql`, `${myDb}.mysql.pre-data.sql`]);
    expect(readdirSync(path.join(twinOut, 'hosts'))).toHaveLength(2);
    // Each database page names its own server and links its own DDL folder and host page.
    const pages = dbPages.map((f) => readFileSync(path.join(twinOut, 'databases', f), 'utf8'));
    const hostLinks = new Set(pages.map((html) => /href="\.\.\/hosts\/([^"]+)"/.exec(html)?.[1]));
    expect(hostLinks.size).toBe(2);
    for (const sv of plan.servers) expect(pages.filter((html) => html.includes(`<title>${myDb} on ${sv.id} · scout report</title>`))).toHaveLength(1);
    for (const d of ddl) expect(pages.filter((html) => html.includes(`../ddl/${d}/`))).toHaveLength(1);
    expect(twinRun.stdout).toContain('2 host(s), 2 database(s)');
  });
});
