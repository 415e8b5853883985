/**
 * Fixtures for the render tests: a host bundle (the stored Debian 12 one) renamed with
 * payloads, a plan valid per PlanSchema, and an assessment whose names carry payloads.
 */
import path from 'node:path';
import { readBundleFile, type Bundle } from '../../agent/bundle/index.js';
import type { ActionItem } from '../../analyzer/convert/action-item.js';
import type { HostBundles } from '../../analyzer/load-bundles.js';
import { PlanSchema, type Plan } from '../../analyzer/plan/schema.js';
import type { DatabaseAssessment } from '../../reports/assessment.js';
import { ROOT } from '../helpers/agent-cli.js';

export const PAYLOADS = {
  script: '<script>alert("x")</script>',
  img: '"><img src=x onerror=alert(1)>',
  mustache: "{{constructor.constructor('alert(2)')()}}",
  js: 'javascript:alert(3)',
  rtl: '\u202Egnp.exe',
  long: `long_${'x'.repeat(5000)}`,
} as const;

export const EVIL_HOST = `web${PAYLOADS.img}`;
export const EVIL_TABLE = `orders${PAYLOADS.script}`;
export const EVIL_DB = `shop${PAYLOADS.mustache}`;

export async function fixtureHost(): Promise<HostBundles> {
  const bundle: Bundle = await readBundleFile(path.join(ROOT, 'test', 'fixtures', 'bundles', 'v1-collect-debian12.scout.json.gz'));
  bundle.agent.hostname = EVIL_HOST;
  const host = bundle.host!;
  host.inventory!.hostname = EVIL_HOST;
  host.processes[0]!.cmdline = `/usr/bin/app --name ${PAYLOADS.script} ${PAYLOADS.js} ${PAYLOADS.rtl} ${PAYLOADS.long}`;
  host.processes[0]!.name = PAYLOADS.img;
  host.connections.push({ ...host.connections[0]!, direction: 'inbound', remoteAddress: '10.9.9.9', localPort: 3306, process: PAYLOADS.mustache });
  return { agentId: bundle.agent.id, hostname: EVIL_HOST, bundles: [bundle] };
}

function item(code: string, severity: ActionItem['severity'], object: string, message: string): ActionItem {
  return { code, sct: severity === 'critical' ? 8855 : null, severity, object, objectType: 'table', owner: { type: 'table', name: object }, message, recommendation: `Review ${object}. ${PAYLOADS.js}`, effortHours: severity === 'critical' ? 4 : 0.5 };
}

export function fixtureAssessment(serverId: string): DatabaseAssessment {
  return {
    serverId,
    hostname: EVIL_HOST,
    database: EVIL_DB,
    source: { dialect: 'mysql', flavor: 'mariadb', version: '10.11.6' },
    target: 'postgresql',
    sameEngine: false,
    summary: [
      { type: 'table', total: 3, converted: 1, convertedWithActions: 1, manual: 1 },
      { type: 'view', total: 1, converted: 0, convertedWithActions: 0, manual: 1 },
    ],
    actionItems: [
      item('mysql_unsigned_widened', 'info', `${EVIL_DB}.${EVIL_TABLE}.id`, `Column ${EVIL_TABLE}.id widened ${PAYLOADS.img}`),
      item('mysql_event_manual', 'critical', `${EVIL_DB}.${PAYLOADS.long}`, `Event ${PAYLOADS.rtl} not converted`),
    ],
    objects: [{ type: 'table', name: `${EVIL_DB}.${EVIL_TABLE}`, status: 'converted_with_actions' }],
    effort: { hours: 4.5, bucket: 'medium', complexity: 4 },
    renames: [],
    settings: { sql_mode: PAYLOADS.script, lower_case_table_names: '0' },
    files: null,
    error: null,
  };
}

export function fixturePlan(host: HostBundles): Plan {
  const serverId = `${EVIL_HOST}-mysql-3306`;
  const plan: Plan = {
    format: 'scout-plan',
    formatVersion: 1,
    generatedAt: '2026-11-26T08:00:00.000Z',
    scoutVersion: '0.1.0',
    settings: { maxDowntimeMinutes: 60, sizing: { percentile: 95, headroomPct: 30 }, note: PAYLOADS.script },
    instanceCatalog: { madeOn: '2026-11-01', source: 'fixture', pricesApproximate: true },
    hosts: [
      {
        id: host.agentId,
        hostname: EVIL_HOST,
        addresses: ['10.0.0.5', '127.0.0.1'],
        os: `Debian ${PAYLOADS.rtl}`,
        logicalCores: 2,
        memoryBytes: 8 * 1024 ** 3,
        cpuPctAtPercentile: 22.5,
        memoryBytesAtPercentile: 2 * 1024 ** 3,
        ec2: { type: 'm7g.large', vcpu: 2, memoryGiB: 8, networkGbps: 'up to 12.5', approxUsdPerHour: 0.0816, requiredVcpu: 0.6, requiredMemoryGiB: 2.6, rationale: `p95 with 30 % headroom ${PAYLOADS.img}` },
        application: `shop ${PAYLOADS.img}`,
        databaseServers: [serverId],
        hostCollected: true,
      },
    ],
    servers: [
      {
        id: serverId,
        hostId: host.agentId,
        hostname: EVIL_HOST,
        engine: 'mysql',
        flavor: 'mariadb',
        version: '10.11.6',
        hosting: 'external',
        address: '10.0.0.5',
        port: 3306,
        dataBytes: 5 * 1024 ** 3,
        databases: [{ name: EVIL_DB, sizeBytes: 5 * 1024 ** 3, tables: 3, conversion: { target: 'aurora-postgresql', effortHours: 4.5, critical: 1, warning: 0, manualObjects: 2 } }],
        target: { engine: 'aurora-postgresql', version: '16.4', heterogeneous: true, reason: `settings chose it ${PAYLOADS.script}` },
        recommended: 'dms',
        paths: [
          { path: 'dms', rank: 1, feasible: true, rationale: ['Engine change: DMS with SCT-converted schema.'], blockers: [], fullLoadSeconds: 3600, downtimeSeconds: 900, withinDowntime: true },
          { path: 'native-dump', rank: 2, feasible: false, rationale: [`Too large ${PAYLOADS.img}`], blockers: ['mysql-check-binlog-format'], fullLoadSeconds: 7200, downtimeSeconds: 7200, withinDowntime: false },
        ],
        checks: [
          { id: 'mysql-check-binlog-format', title: 'binlog_format is ROW', status: 'fail', detail: `binlog_format = MIXED ${PAYLOADS.script}`, fix: "SET GLOBAL binlog_format = 'ROW';", paths: ['dms'], objects: [EVIL_TABLE], objectsTotal: 3 },
          { id: 'mysql-check-server-id', title: 'server_id set', status: 'pass', detail: 'server_id = 1', fix: null, paths: ['dms'], objects: [], objectsTotal: 0 },
        ],
        blockers: ['mysql-check-binlog-format'],
        workload: { writeRowsPerSec: 12.5, writeBytesPerSec: 4000, connections: 7, maxConnections: 151 },
        sizing: { instanceClass: 'db.r7g.large', vcpu: 2, memoryGiB: 16, approxUsdPerHour: 0.276, storageBytes: 5 * 1024 ** 3, hostShare: 1, rationale: 'fixture' },
        clients: [host.agentId],
        externalClients: ['10.9.9.9'],
        applications: ['app-1'],
        wave: 1,
        runbook: [
          { order: 1, title: 'Create the Aurora cluster', detail: 'Same Region as the DMS instance.', command: 'aws rds create-db-cluster --db-cluster-identifier <cluster> --engine aurora-postgresql' },
          { order: 2, title: `Fix ${PAYLOADS.img}`, detail: 'Set binlog_format.', command: null },
        ],
        artifacts: [{ kind: 'dms-table-mappings', path: `dms/${PAYLOADS.js}.json` }],
      },
    ],
    applications: [{ id: 'app-1', name: `shop ${PAYLOADS.img}`, named: false, hosts: [host.agentId], databaseServers: [serverId] }],
    waves: [{ index: 1, databaseServers: [serverId], applications: ['app-1'], warnings: [`careful ${PAYLOADS.script}`], downtimeSeconds: 900 }],
    graph: {
      nodes: [
        { id: 'ext:10.9.9.9', label: `10.9.9.9 ${PAYLOADS.script}`, kind: 'external' },
        { id: host.agentId, label: EVIL_HOST, kind: 'host' },
        { id: serverId, label: `${EVIL_HOST}:3306`, kind: 'database-server' },
      ],
      edges: [
        { from: 'ext:10.9.9.9', to: serverId, port: 3306, connections: 3 },
        { from: host.agentId, to: serverId, port: 3306, connections: 2 },
      ],
    },
    totals: { hosts: 1, servers: 1, databases: 1, dataBytes: 5 * 1024 ** 3, downtimeSeconds: 900, conversionEffortHours: 4.5, byPath: { dms: 1 }, blocked: 1 },
  };
  return PlanSchema.parse(plan);
}
