/** The view models behind the pages: aggregates, ordering, peers and limits, on fixture data. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostBundles } from '../../analyzer/load-bundles.js';
import type { Plan } from '../../analyzer/plan/schema.js';
import { ReportNames } from '../../reports/file-names.js';
import { buildDatabaseView, MAX_ACTION_ROWS } from '../../reports/views/database-view.js';
import { buildEstateView } from '../../reports/views/estate-view.js';
import { buildHostView } from '../../reports/views/host-view.js';
import { buildPlanView } from '../../reports/views/plan-view.js';
import { hostsByAddress } from '../../reports/write-report.js';
import { EVIL_DB, fixtureAssessment, fixtureHost, fixturePlan } from './render-fixture.js';

const meta = (root: string) => ({ title: 't', root, generatedAt: '2026-11-26T08:00:00.000Z', scoutVersion: '0.1.0' });
let host: HostBundles;
let plan: Plan;

beforeAll(async () => {
  host = await fixtureHost();
  plan = fixturePlan(host);
});

describe('estate view', () => {
  it('counts readiness by path and by blocker and ranks action codes critical first', () => {
    const names = new ReportNames();
    names.addHost(host.agentId, host.hostname);
    const a = fixtureAssessment(plan.servers[0]!.id);
    names.addDatabase(a.serverId, a.database);
    const v = buildEstateView({ plan, assessments: [a], links: names, meta: meta(''), skipped: [], exports: [{ path: 'exports/x.csv', title: 'x', rows: 3 }] });
    expect(v.byPath).toEqual([{ path: 'dms', servers: 1 }]);
    expect(v.blockers).toEqual([{ id: 'mysql-check-binlog-format', title: 'binlog_format is ROW', servers: 1 }]);
    expect(v.topActions.map((t) => t.severity)).toEqual(['critical', 'info']);
    expect(v.cards.find((c) => c.key === 'hosts')!.value).toBe('1');
    expect(v.databases[0]!.link!.href).toBe(names.database(a.serverId, a.database));
    expect(v.hostsCollapsed).toBe(false);
    expect(v.outputs.map((o) => o.href)).toEqual(['plan.json', 'exports/x.csv']);
  });
});

describe('host view', () => {
  it('links a connection to the collected host that owns the peer address, never through loopback', () => {
    const other = structuredClone(host);
    other.agentId = '00000000-0000-4000-8000-000000000002';
    other.hostname = 'app-1';
    const conn = other.bundles[0]!.host!.connections;
    conn.length = 0;
    const base = host.bundles[0]!.host!.connections[0]!;
    conn.push({ ...base, direction: 'outbound', remoteAddress: '10.0.0.5', remotePort: 3306, process: 'java' });
    conn.push({ ...base, direction: 'outbound', remoteAddress: '10.0.0.5', remotePort: 3306, localPort: 40001, process: 'java' });
    conn.push({ ...base, direction: 'outbound', remoteAddress: '127.0.0.1', remotePort: 6379, process: 'java' });
    const p2: Plan = { ...plan, hosts: [...plan.hosts, { ...plan.hosts[0]!, id: other.agentId, hostname: 'app-1', addresses: ['10.0.0.9', '127.0.0.1'], databaseServers: [] }] };
    const names = new ReportNames();
    names.addHost(host.agentId, host.hostname);
    names.addHost(other.agentId, other.hostname);
    const byAddress = hostsByAddress(p2);
    expect(byAddress.has('127.0.0.1')).toBe(false);
    const v = buildHostView({ host: other, plan: p2, planHost: p2.hosts[1]!, links: names, hostByAddress: byAddress, meta: meta('../') });
    expect(v.outbound).toHaveLength(2);
    expect(v.outbound[0]).toMatchObject({ address: '10.0.0.5', port: 3306, connections: 2, peer: { label: host.hostname, href: `../${names.host(host.agentId)}` } });
    expect(v.outbound[1]!.peer).toBeNull();
  });

  it('charts CPU, memory, disk and network with every sample, and lists processes busiest first', () => {
    const names = new ReportNames();
    names.addHost(host.agentId, host.hostname);
    const v = buildHostView({ host, plan, planHost: plan.hosts[0]!, links: names, hostByAddress: hostsByAddress(plan), meta: meta('../') });
    expect(v.charts).toHaveLength(4);
    expect(v.samples).toBe(host.bundles[0]!.host!.performance.samples.length);
    const cpu = v.processes.map((p) => p.cpuSort);
    expect([...cpu].sort((x, y) => y - x)).toEqual(cpu);
    expect(v.ec2!.find((r) => r.key === 'instance type')!.value).toBe('m7g.large');
    expect(v.inbound.some((r) => r.address === '10.9.9.9' && r.port === 3306)).toBe(true);
  });
});

describe('database view', () => {
  it('puts failing checks first, groups items by code and bounds the item table', () => {
    const a = fixtureAssessment(plan.servers[0]!.id);
    const item = a.actionItems[0]!;
    a.actionItems = Array.from({ length: MAX_ACTION_ROWS + 5 }, () => item);
    const v = buildDatabaseView({ assessment: a, server: plan.servers[0]!, meta: meta('../'), hostHref: null, ddlText: { preData: null, postData: null } });
    expect(v.checks.map((c) => c.status)).toEqual(['fail', 'pass']);
    expect(v.codes).toEqual([expect.objectContaining({ code: item.code, count: MAX_ACTION_ROWS + 5 })]);
    expect(v.actions).toHaveLength(MAX_ACTION_ROWS);
    expect(v.actionsCut).toBe(true);
    expect(v.recommended).toBe('dms');
    expect(v.paths.map((p) => p.path)).toEqual(['dms', 'native-dump']);
    expect(v.database).toBe(EVIL_DB);
  });
});

describe('plan view', () => {
  it('lists waves, paths and the graph note', () => {
    const names = new ReportNames();
    names.addHost(host.agentId, host.hostname);
    names.addDatabase(plan.servers[0]!.id, EVIL_DB);
    const v = buildPlanView({ plan, links: names, meta: meta('') });
    expect(v.waves[0]!.servers[0]!.href).toBe(names.database(plan.servers[0]!.id, EVIL_DB));
    expect(v.servers[0]!.path).toBe('dms');
    expect(v.servers[0]!.downtime).toBe('15 min');
    expect(v.graph).not.toBeNull();
    expect(v.graphNote).toMatch(/^3 of 3 nodes and 2 of 2 connections drawn/);
  });
});
