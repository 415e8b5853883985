/** Unit tests of the planner's parts: settings, sizing, the dependency graph and waves, output files. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../../analyzer/plan/build-plan.js';
import { EC2_TYPES } from '../../analyzer/plan/instance-catalog.js';
import { planJsonSchema } from '../../analyzer/plan/json-schema.js';
import { mdCode, mdText } from '../../analyzer/plan/runbook-markdown.js';
import { clusterIdFor, shellQuote } from '../../analyzer/plan/runbook.js';
import { PlanSchema } from '../../analyzer/plan/schema.js';
import { parsePlanSettings, readPlanSettingsFile, settingsFromFile, DEFAULT_PLAN_SETTINGS } from '../../analyzer/plan/settings.js';
import { cheapestCovering } from '../../analyzer/plan/sizing.js';
import { targetFor } from '../../analyzer/plan/target.js';
import { writePlan } from '../../analyzer/plan/write-plan.js';
import { gb, hostPart, hostsOf, makeBundle, MYSQL_GOOD_VARIABLES, mysqlRows, mysqlServer, PG_GOOD_SETTINGS, postgresServer, processInfo } from './plan-fixtures.js';

const NOW = new Date('2026-11-26T09:00:00.000Z');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'scout-plan-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('plan settings', () => {
  it('fills defaults and keeps the targets in file order', () => {
    const s = parsePlanSettings({ maxDowntimeMinutes: 15, targets: { 'db1-*/shop': 'aurora-postgresql', shop: 'auto' }, throughput: { dmsMBps: 10 } }, 'x.yaml');
    expect(s.maxDowntimeMinutes).toBe(15);
    expect(s.region).toBe('us-east-1');
    expect(s.sizing).toEqual({ percentile: 95, headroomPct: 30 });
    expect(s.throughput.dmsMBps).toBe(10);
    expect(s.throughput.dumpMBps).toBe(DEFAULT_PLAN_SETTINGS.throughput.dumpMBps);
    expect(s.targets.map((t) => t.pattern)).toEqual(['db1-*/shop', 'shop']);
  });

  it('names the file and the field on errors', () => {
    const file = path.join(tmp, 'bad.yaml');
    writeFileSync(file, 'maxDowntimeMinutes: soon\ntargets:\n  shop: oracle\nsizing:\n  percentil: 90\n');
    let message = '';
    try {
      readPlanSettingsFile(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(file);
    expect(message).toContain('maxDowntimeMinutes');
    expect(message).toContain('targets.shop');
    expect(message).toMatch(/sizing.*percentil/);
  });

  it('reports YAML syntax errors with the file name', () => {
    const file = path.join(tmp, 'syntax.yaml');
    writeFileSync(file, 'targets: [unclosed\n');
    expect(() => readPlanSettingsFile(file)).toThrow(file);
  });

  it('picks the target by SERVER/DB, DB or SERVER glob, first match wins', () => {
    const s = parsePlanSettings({ targets: { 'db1-*/shop': 'aurora-postgresql', 'legacy*': 'aurora-mysql', 'pg-host-*': 'aurora-mysql' } }, 'x');
    expect(targetFor('db1-10.0.0.5-3306', 'shop', 'mysql', s)).toBe('aurora-postgresql');
    expect(targetFor('db2-10.0.0.6-3306', 'shop', 'mysql', s)).toBe('aurora-mysql');
    expect(targetFor('db2', 'legacy_crm', 'postgres', s)).toBe('aurora-mysql');
    expect(targetFor('pg-host-1', 'anything', 'postgres', s)).toBe('aurora-mysql');
    expect(targetFor('other', 'anything', 'postgres', s)).toBe('aurora-postgresql');
  });
});

describe('sizing', () => {
  it('picks the cheapest catalog type that covers both needs', () => {
    expect(cheapestCovering(EC2_TYPES, 3, 10)?.type).toBe('t3.xlarge');
    expect(cheapestCovering(EC2_TYPES, 3, 20)?.type).toBe('r6i.xlarge');
    expect(cheapestCovering(EC2_TYPES, 40, 100)?.type).toBe('m6i.12xlarge');
    expect(cheapestCovering(EC2_TYPES, 1000, 1)).toBeNull();
  });
});

/**
 * web1 and web2 talk to each other (one application), batch1 is alone (another); db1 runs a
 * MySQL used by web1 and batch1 (shared) and a PostgreSQL used by web2; an outside address
 * also reaches the MySQL.
 */
function estate() {
  const db1 = makeBundle('db1', {
    host: hostPart('db1', {
      addresses: ['10.0.0.5'],
      cores: 8,
      memoryGiB: 64,
      cpu: Array.from({ length: 20 }, () => 50),
      memUsedGiB: Array.from({ length: 20 }, () => 20),
      connections: [
        { direction: 'inbound', localAddress: '10.0.0.5', localPort: 3306, remoteAddress: '10.0.0.11', remotePort: 40001 },
        { direction: 'inbound', localAddress: '::ffff:10.0.0.5', localPort: 3306, remoteAddress: '::ffff:192.0.2.99', remotePort: 50000 },
      ],
    }),
    servers: [
      mysqlServer({ flavor: 'mysql', version: '8.0.36', versionNum: 80036, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'shop', sizeBytes: gb(30), rows: mysqlRows('shop', []) }] }),
      postgresServer({ flavor: 'postgresql', version: '15.4', versionNum: 150004, settings: PG_GOOD_SETTINGS, databases: [{ name: 'crm', sizeBytes: gb(10) }] }),
    ],
  });
  const web1 = makeBundle('web1', {
    host: hostPart('web1', {
      addresses: ['10.0.0.11'],
      cores: 4,
      cpu: [10, 20, 30],
      memUsedGiB: [2, 2, 2],
      connections: [
        { direction: 'outbound', localAddress: '10.0.0.11', localPort: 40001, remoteAddress: '10.0.0.5', remotePort: 3306 },
        { direction: 'outbound', localAddress: '10.0.0.11', localPort: 40002, remoteAddress: '10.0.0.12', remotePort: 8080 },
      ],
    }),
  });
  const web2 = makeBundle('web2', {
    host: hostPart('web2', {
      addresses: ['10.0.0.12'],
      connections: [{ direction: 'outbound', localAddress: '10.0.0.12', localPort: 40003, remoteAddress: '10.0.0.5', remotePort: 5432 }],
    }),
  });
  const batch1 = makeBundle('batch1', {
    host: hostPart('batch1', {
      addresses: ['10.0.0.21'],
      connections: [{ direction: 'outbound', localAddress: '10.0.0.21', localPort: 40004, remoteAddress: '10.0.0.5', remotePort: 3306 }],
    }),
  });
  return hostsOf(db1, web1, web2, batch1);
}

describe('dependency graph, applications and waves', () => {
  const hosts = estate();
  const plan = buildPlan({ hosts, settings: settingsFromFile({}), now: NOW });
  const byName = new Map(plan.hosts.map((h) => [h.hostname, h]));
  const mysql = plan.servers.find((s) => s.engine === 'mysql')!;
  const pg = plan.servers.find((s) => s.engine === 'postgres')!;

  it('validates against the plan schema', () => {
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it('links each database server to its client hosts by address, once per connection', () => {
    expect(mysql.clients.sort()).toEqual([byName.get('web1')!.id, byName.get('batch1')!.id].sort());
    expect(mysql.externalClients).toEqual(['192.0.2.99']);
    expect(pg.clients).toEqual([byName.get('web2')!.id]);
    const edge = plan.graph.edges.find((e) => e.from === byName.get('web1')!.id && e.to === mysql.id)!;
    // Seen from web1 (outbound) and from db1 (inbound): one connection.
    expect(edge).toMatchObject({ port: 3306, connections: 1 });
    expect(plan.graph.nodes.filter((n) => n.kind === 'external').map((n) => n.label)).toEqual(['192.0.2.99']);
  });

  it('finds applications as connected groups, database-only hosts in none', () => {
    const apps = plan.applications.map((a) => ({ name: a.name, hosts: a.hosts.map((h) => plan.hosts.find((x) => x.id === h)!.hostname).sort() }));
    expect(apps).toEqual([
      { name: 'batch1', hosts: ['batch1'] },
      { name: 'web1 +1', hosts: ['web1', 'web2'] },
    ]);
    expect(byName.get('db1')!.application).toBeNull();
    expect(byName.get('db1')!.databaseServers.sort()).toEqual([mysql.id, pg.id].sort());
  });

  it('moves the shared database first, with a warning, then each application with its own', () => {
    expect(plan.waves).toHaveLength(2);
    expect(plan.waves[0]!.databaseServers).toEqual([mysql.id]);
    expect(plan.waves[0]!.applications).toHaveLength(2);
    expect(plan.waves[0]!.warnings[0]).toMatch(/used by .*batch1.*web1 \+1|used by .*web1 \+1.*batch1/);
    expect(plan.waves[1]!.databaseServers).toEqual([pg.id]);
    expect(mysql.wave).toBe(1);
    expect(pg.wave).toBe(2);
  });

  it('sizes the database servers by their share of the host (data size when no process figures)', () => {
    expect(mysql.sizing!.hostShare).toBeCloseTo(0.75);
    expect(pg.sizing!.hostShare).toBeCloseTo(0.25);
    // 8 cores × 50 % × 0.75 × 1.3 = 3.9 vCPU; 20 GiB × 0.75 × 1.3 = 19.5 GiB.
    expect(mysql.sizing!.instanceClass).toBe('db.r6g.xlarge');
    expect(pg.sizing!.instanceClass).toBe('db.r6g.large');
  });

  it('sizes EC2 per host from its percentile use plus headroom', () => {
    const ec2 = byName.get('db1')!.ec2!;
    expect(ec2.requiredVcpu).toBeCloseTo(5.2);
    expect(ec2.requiredMemoryGiB).toBeCloseTo(26);
    expect(ec2.type).toBe('t3.2xlarge');
    expect(byName.get('db1')!.cpuPctAtPercentile).toBe(50);
  });

  it('lets the settings name an application by host globs', () => {
    const named = buildPlan({ hosts, settings: settingsFromFile({ applications: [{ name: 'shop', hosts: ['web*'] }, { name: 'jobs', hosts: ['10.0.0.21'] }] }), now: NOW });
    expect(named.applications.map((a) => [a.name, a.named, a.hosts.length])).toEqual([
      ['shop', true, 2],
      ['jobs', true, 1],
    ]);
    expect(named.applications[0]!.databaseServers.sort()).toEqual([mysql.id, pg.id].sort());
  });
});

describe('host share', () => {
  it('splits a shared host by the server processes\' CPU when the agent saw them', () => {
    const bundle = makeBundle('db2', {
      host: hostPart('db2', {
        addresses: ['10.0.0.6'],
        cores: 16,
        cpu: [40, 40],
        memUsedGiB: [60, 60],
        processes: [processInfo(101, 'mariadbd', 300, 40), processInfo(202, 'postgres', 100, 10)],
      }),
      discovered: [
        { engine: 'mariadb', pid: 101, port: 3306 },
        { engine: 'postgres', pid: 202, port: 5432 },
      ],
      servers: [
        mysqlServer({ flavor: 'mariadb', version: '10.11.6-MariaDB', versionNum: 101106, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'a', sizeBytes: gb(1) }] }),
        postgresServer({ flavor: 'postgresql', version: '15.4', versionNum: 150004, settings: PG_GOOD_SETTINGS, databases: [{ name: 'b', sizeBytes: gb(100) }] }),
      ],
    });
    const plan = buildPlan({ hosts: hostsOf(bundle), settings: settingsFromFile({}), now: NOW });
    const [my, pgs] = [plan.servers.find((s) => s.engine === 'mysql')!, plan.servers.find((s) => s.engine === 'postgres')!];
    // CPU 300 vs 100: 0.75 and 0.25, not the data sizes (1 GB vs 100 GB).
    expect(my.sizing!.hostShare).toBeCloseTo(0.75);
    expect(pgs.sizing!.hostShare).toBeCloseTo(0.25);
    // 16 × 40 % × 0.75 × 1.3 = 6.24 vCPU, 60 × 0.75 × 1.3 = 58.5 GiB → 8 vCPU / 64 GiB.
    expect(my.sizing!.instanceClass).toBe('db.r6g.2xlarge');
  });

  it('ignores scout-agent\'s own connections to the databases it reads', () => {
    const agentProc = { ...processInfo(999, 'node', 1, 0.1), cmdline: 'node dist/agent/cli.js collect --db mysql://root@127.0.0.1:3306/' };
    const bundle = makeBundle('db3', {
      host: hostPart('db3', {
        addresses: ['10.0.0.7'],
        processes: [agentProc],
        connections: [
          { direction: 'outbound', localAddress: '127.0.0.1', localPort: 45000, remoteAddress: '127.0.0.1', remotePort: 3306 },
          { direction: 'inbound', localAddress: '127.0.0.1', localPort: 3306, remoteAddress: '127.0.0.1', remotePort: 45000 },
          { direction: 'outbound', localAddress: '127.0.0.1', localPort: 45001, remoteAddress: '127.0.0.1', remotePort: 3306 },
        ],
      }),
      servers: [mysqlServer({ flavor: 'mysql', version: '8.0.36', versionNum: 80036, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'a', sizeBytes: gb(1) }] })],
    });
    // The first outbound is the agent's (pid 999), the third a local application's.
    const host = bundle.host!;
    host.connections[0] = { ...host.connections[0]!, pid: 999, process: 'node' };
    host.connections[2] = { ...host.connections[2]!, pid: 555, process: 'php-fpm' };
    const plan = buildPlan({ hosts: hostsOf(bundle), settings: settingsFromFile({}), now: NOW });
    const edge = plan.graph.edges.find((e) => e.to === plan.servers[0]!.id)!;
    expect(edge.connections).toBe(1);
    expect(plan.servers[0]!.clients).toEqual([plan.hosts[0]!.id]);
  });
});

describe('a server reached by name', () => {
  // An RDS endpoint collected from a bastion with --only databases; app1 is a client of the address the name resolves to.
  const rdsBundle = (addresses: string[] | undefined) => {
    const server = mysqlServer({ flavor: 'rds-mysql', version: '8.0.36', versionNum: 80036, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'shop', sizeBytes: gb(5) }] });
    server.target = { ...server.target, host: 'shop.abc123.eu-west-1.rds.amazonaws.com', ...(addresses ? { addresses } : {}) };
    return makeBundle('bastion', { host: null, servers: [server] });
  };
  const app = () =>
    makeBundle('app1', {
      host: hostPart('app1', {
        addresses: ['10.0.1.20'],
        connections: [{ direction: 'outbound', localAddress: '10.0.1.20', localPort: 41000, remoteAddress: '::ffff:10.0.9.9', remotePort: 3306 }],
      }),
    });

  it('gets the clients that connect to an address its name resolved to', () => {
    const plan = buildPlan({ hosts: hostsOf(rdsBundle(['10.0.9.9', '10.0.9.10']), app()), settings: settingsFromFile({}), now: NOW });
    const server = plan.servers[0]!;
    expect(server.clients).toEqual([plan.hosts.find((h) => h.hostname === 'app1')!.id]);
    expect(server.externalClients).toEqual([]);
  });

  it('two names of one server (cluster and writer endpoints): the first keeps the clients and the wave says so', () => {
    const writer = mysqlServer({ flavor: 'rds-mysql', version: '8.0.36', versionNum: 80036, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'shop', sizeBytes: gb(5) }] });
    writer.target = { ...writer.target, id: 'mysql://admin@shop-writer:3306/', host: 'shop-writer.abc123.eu-west-1.rds.amazonaws.com', addresses: ['10.0.9.9'] };
    const plan = buildPlan({ hosts: hostsOf(rdsBundle(['10.0.9.9']), makeBundle('bastion2', { host: null, servers: [writer] }), app()), settings: settingsFromFile({}), now: NOW });
    const withClients = plan.servers.filter((s) => s.clients.length > 0);
    expect(withClients).toHaveLength(1);
    const warnings = plan.waves.flatMap((w) => w.warnings).filter((t) => t.includes('answer at the same endpoint 10.0.9.9:3306'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toContain('plan it once');
  });

  it('without resolved addresses (an older bundle) the client stays unlinked and the address external', () => {
    const plan = buildPlan({ hosts: hostsOf(rdsBundle(undefined), app()), settings: settingsFromFile({}), now: NOW });
    expect(plan.servers[0]!.clients).toEqual([]);
    expect(plan.graph.nodes.filter((n) => n.kind === 'external').map((n) => n.label)).toEqual(['10.0.9.9']);
  });
});

describe('binary log retention on RDS and Aurora (mysql.rds_configuration)', () => {
  const retention = (flavor: 'rds-mysql' | 'aurora-mysql', value: string | null | undefined) => {
    const serverRows = value === undefined ? undefined : { rds_configuration: [{ name: 'binlog retention hours', value, description: '' }] };
    const server = mysqlServer({ flavor, version: '8.0.36', versionNum: 80036, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'shop', sizeBytes: gb(5) }], ...(serverRows ? { serverRows } : {}) });
    const plan = buildPlan({ hosts: hostsOf(makeBundle('bastion', { host: null, servers: [server] })), settings: settingsFromFile({}), now: NOW });
    return plan.servers[0]!.checks.find((c) => c.id === 'mysql-check-binlog-retention-time')!;
  };

  it.each([
    ['rds-mysql', '24', 'pass'],
    ['rds-mysql', '168', 'pass'],
    ['rds-mysql', '12', 'fail'],
    ['rds-mysql', null, 'fail'],
    ['aurora-mysql', null, 'fail'],
    ['aurora-mysql', '2160', 'pass'],
    ['rds-mysql', undefined, 'unknown'],
  ] as const)('%s with %s hours: %s', (flavor, value, status) => {
    const c = retention(flavor, value);
    expect(c.status).toBe(status);
    expect(c.fix).toBe(status === 'pass' ? null : "CALL mysql.rds_set_configuration('binlog retention hours', 24);");
  });

  it('says why NULL fails, per hosting', () => {
    expect(retention('rds-mysql', null).detail).toContain('RDS keeps no binary logs');
    expect(retention('aurora-mysql', null).detail).toContain('Aurora purges binary logs lazily');
  });
});

describe('writing the plan', () => {
  it('writes plan.json, the runbooks and the DMS JSON at the listed paths', () => {
    const hosts = hostsOf(
      makeBundle('db9', {
        servers: [
          mysqlServer({
            flavor: 'mysql',
            version: '8.0.36',
            versionNum: 80036,
            settings: MYSQL_GOOD_VARIABLES,
            databases: [{ name: 'we"ird db', sizeBytes: gb(1), rows: mysqlRows('we"ird db', [{ name: 't', columns: [{ name: 'id', type: 'int(11)' }], pk: ['id'] }]) }],
          }),
        ],
      }),
    );
    const plan = buildPlan({ hosts, settings: settingsFromFile({ targets: { '*': 'aurora-postgresql' } }), now: NOW });
    const out = path.join(tmp, 'out');
    const written = writePlan(plan, out);
    const server = plan.servers[0]!;
    expect(server.recommended).toBe('dms');
    expect(written.files.map((f) => path.relative(out, f))).toEqual(['plan.json', ...server.artifacts.map((a) => a.path)]);
    expect(PlanSchema.parse(JSON.parse(readFileSync(path.join(out, 'plan.json'), 'utf8'))).servers).toHaveLength(1);
    const mappings = server.artifacts.find((a) => a.kind === 'dms-table-mappings')!.path;
    expect(mappings).toMatch(/^dms\/db9-127\.0\.0\.1-3306\/we_ird_db-[0-9a-f]{8}\/table-mappings\.json$/);
    expect(JSON.parse(readFileSync(path.join(out, mappings), 'utf8'))).toEqual(server.dmsTasks![0]!.tableMappings);
    const md = readFileSync(path.join(out, 'runbooks', `${server.id}.md`), 'utf8');
    expect(md).toContain('aws dms create-replication-task');
    expect(md).toContain(`file://${mappings}`);
  });

  it('refuses an artifact path that leaves the output directory', () => {
    const plan = buildPlan({ hosts: estate(), settings: settingsFromFile({}), now: NOW });
    plan.servers[0]!.artifacts = [{ kind: 'runbook', path: '../escape.md' }];
    expect(() => writePlan(plan, path.join(tmp, 'out2'))).toThrow(/escapes/);
    expect(existsSync(path.join(tmp, 'escape.md'))).toBe(false);
  });

  it('keeps the committed plan.schema.json in step with the zod schema', () => {
    const committed = readFileSync(new URL('../../analyzer/plan/plan.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(planJsonSchema());
  });
});

describe('escaping of names from customer systems', () => {
  it('Markdown text cannot open code, links, HTML or headings', () => {
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mdText('# [x](javascript:1) `y` *z*')).toBe('\\# \\[x\\](javascript:1) \\`y\\` \\*z\\*');
    expect(mdCode('a ``` b')).toBe('````\na ``` b\n````');
  });

  it('shell quoting and cluster identifiers', () => {
    expect(shellQuote("it's; rm -rf /")).toBe(`'it'\\''s; rm -rf /'`);
    expect(shellQuote('shop_1')).toBe('shop_1');
    const id = clusterIdFor('Db--Host.example.com-3306-' + 'x'.repeat(80));
    expect(id).toMatch(/^[a-z][a-z0-9-]{0,62}$/);
    expect(id).not.toMatch(/--|-$/);
  });
});
