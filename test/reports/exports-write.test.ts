import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionItem } from '../../analyzer/convert/action-item.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';
import { loadBundles, type HostBundles } from '../../analyzer/load-bundles.js';
import type { Bundle } from '../../agent/bundle/index.js';
import { MAX_PERF_ROWS_PER_HOST, systemPerformanceRows } from '../../reports/exports/ads.js';
import { MAX_CELL_CHARS } from '../../reports/exports/csv.js';
import { hostFacts } from '../../reports/exports/host-facts.js';
import { writeExports, type ExportFile } from '../../reports/exports/index.js';
import { readCsvRecords } from './helpers/csv-parse.js';
import { BASE_BUNDLE, LONG_PAYLOAD, PAYLOAD, PAYLOAD_HOSTNAME, payloadHostBundle, writeBundleFile } from './helpers/payload.js';
import { planFixture } from './helpers/plan-fixture.js';

const log = pino({ level: 'silent' });
const work = mkdtempSync(path.join(os.tmpdir(), 'p7b-exports-'));
const out = path.join(work, 'report');
let hosts: HostBundles[];
let files: ExportFile[];
let base: Bundle;
let payload: Bundle;

function item(over: Partial<ActionItem>): ActionItem {
  return {
    code: 'unknown_data_type',
    sct: 8706,
    severity: 'critical',
    object: 'shop.orders.geo',
    objectType: 'column',
    owner: { type: 'table', name: 'shop.orders' },
    message: 'Column shop.orders.geo has type geometry',
    recommendation: 'Choose a target type with a --mapping rule.',
    effortHours: 1,
    ...over,
  };
}

const conversion: ConversionResult = {
  database: 'shop',
  source: { dialect: 'mysql', flavor: 'mariadb', version: '10.11.6' },
  target: 'postgresql',
  sameEngine: false,
  statements: [],
  actionItems: [
    item({}),
    item({ object: 'shop.orders.note', message: `${PAYLOAD.formula}, "quoted"\nsecond line` }),
    item({ code: 'catalog_row_not_understood', sct: null, severity: 'warning', object: 'shop.p', objectType: 'procedure', owner: { type: 'procedure', name: 'shop.p' }, effortHours: 8 }),
  ],
  objects: [
    { type: 'table', name: 'shop.orders', status: 'converted_with_actions' },
    { type: 'table', name: 'shop.items', status: 'converted' },
    { type: 'procedure', name: 'shop.p', status: 'manual', lines: 40 },
  ],
  summary: [],
  effort: { hours: 11, bucket: 'significant', complexity: 5 },
  renames: [],
};

const read = (name: string) => readCsvRecords(readFileSync(path.join(out, 'exports', name), 'utf8'));

beforeAll(async () => {
  base = JSON.parse(gunzipSync(readFileSync(BASE_BUNDLE)).toString('utf8')) as Bundle;
  payload = payloadHostBundle();
  const inputs = path.join(work, 'bundles');
  mkdirSync(inputs);
  writeBundleFile(inputs, 'payload', payload);
  const loaded = await loadBundles([BASE_BUNDLE, inputs], log);
  expect(loaded.problems).toEqual([]);
  hosts = loaded.hosts;
  const plan = planFixture(hosts, [
    { id: 'vm-mysql', hostId: base.agent.id, hostname: 'vm', engine: 'mysql', address: null },
    {
      id: 'rds-pg',
      hostId: base.agent.id,
      hostname: 'vm',
      engine: 'postgres',
      address: '10.1.2.3',
      wave: 2,
      artifacts: [
        { kind: 'dms-table-mappings', path: 'dms/rds-pg/table-mappings.json' },
        { kind: 'dms-task-settings', path: 'dms/rds-pg/task-settings.json' },
      ],
    },
  ]);
  mkdirSync(path.join(out, 'dms', 'rds-pg'), { recursive: true });
  writeFileSync(path.join(out, 'dms', 'rds-pg', 'table-mappings.json'), '{}');
  files = await writeExports(out, { hosts, plan, conversions: [{ serverId: 'vm-mysql', database: 'shop', result: conversion }] });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writeExports', () => {
  it('writes the listed files, each with its row count and size', () => {
    const names = readdirSync(path.join(out, 'exports')).sort();
    expect(names).toEqual(files.map((f) => path.basename(f.path)).sort());
    expect(names).toEqual(
      [
        'README.txt',
        'ads_destinationProcessConnection.csv',
        'ads_networkInterface.csv',
        'ads_osInfo.csv',
        'ads_process.csv',
        'ads_sourceProcessConnection.csv',
        'ads_systemPerformance.csv',
        'migration-hub-import.csv',
        'sct-action-items-summary.csv',
        'sct-action-items.csv',
        'sct-summary.csv',
      ].sort(),
    );
    for (const f of files) expect(f.bytes).toBe(readFileSync(path.join(out, f.path)).length);
  });

  it('Migration Hub import: the template columns, a row per host and per server on no inventoried host', () => {
    const { header, records } = read('migration-hub-import.csv');
    expect(header).toEqual([
      'ExternalId', 'SMBiosId', 'IPAddress', 'MACAddress', 'HostName', 'VMware.MoRefId', 'VMware.VCenterId',
      'CPU.NumberOfProcessors', 'CPU.NumberOfCores', 'CPU.NumberOfLogicalCores', 'OS.Name', 'OS.Version', 'VMware.VMName',
      'RAM.TotalSizeInMB', 'RAM.UsedSizeInMB.Avg', 'RAM.UsedSizeInMB.Max', 'CPU.UsagePct.Avg', 'CPU.UsagePct.Max',
      'DiskReadsPerSecondInKB.Avg', 'DiskReadsPerSecondInKB.Max', 'DiskWritesPerSecondInKB.Avg', 'DiskWritesPerSecondInKB.Max',
      'DiskReadsOpsPerSecond.Avg', 'DiskReadsOpsPerSecond.Max', 'DiskWritesOpsPerSecond.Avg', 'DiskWritesOpsPerSecond.Max',
      'NetworkReadsPerSecondInKB.Avg', 'NetworkReadsPerSecondInKB.Max', 'NetworkWritesPerSecondInKB.Avg', 'NetworkWritesPerSecondInKB.Max',
      'Applications', 'ApplicationWave', 'Tags', 'ServerId',
    ]);
    expect(records.map((r) => r.ExternalId).sort()).toEqual([base.agent.id, payload.agent.id, 'rds-pg'].sort());
    const vm = records.find((r) => r.ExternalId === base.agent.id)!;
    const inv = base.host!.inventory!;
    const samples = base.host!.performance.samples;
    expect(vm.HostName).toBe('vm');
    expect(vm.IPAddress).toBe('192.0.2.2,fd00::2');
    expect(vm.MACAddress).toBe('02:fc:00:00:00:01');
    expect(vm['CPU.NumberOfLogicalCores']).toBe(String(inv.cpu.logicalCores));
    expect(vm['RAM.TotalSizeInMB']).toBe(String(Math.round(inv.memory.totalBytes / 2 ** 20)));
    const cpuMax = Math.max(...samples.map((s) => s.cpu.totalPct));
    const cpuAvg = samples.reduce((a, s) => a + s.cpu.totalPct, 0) / samples.length;
    expect(Number(vm['CPU.UsagePct.Max'])).toBeCloseTo(cpuMax, 3);
    expect(Number(vm['CPU.UsagePct.Avg'])).toBeCloseTo(cpuAvg, 3);
    expect(Number(vm['DiskReadsPerSecondInKB.Max'])).toBeCloseTo(Math.max(...samples.map((s) => s.disk.total.readBytesPerSec)) / 1024, 2);
    // Commas in an application name would split the template's list.
    expect(vm.Applications).toBe('Shop web');
    expect(vm.ApplicationWave).toBe('1');
    expect(vm.Tags).toContain('database:mariadb 10.11.6');
    const server = records.find((r) => r.ExternalId === 'rds-pg')!;
    expect(server.IPAddress).toBe('10.1.2.3');
    expect(server.HostName).toBe('vm');
    expect(server.ApplicationWave).toBe('2');
    expect(server.Tags).toContain('target:aurora-postgresql');
    const hostile = records.find((r) => r.ExternalId === payload.agent.id)!;
    expect(hostile.HostName).toBe(`${PAYLOAD_HOSTNAME}.${PAYLOAD.jsUrl}`);
  });

  it('ADS osInfo and networkInterface: ADS columns, our agent id, ISO timestamps', () => {
    const os = read('ads_osInfo.csv');
    expect(os.header).toEqual(['accountNumber', 'agentId', 'osName', 'osVersion', 'cpuType', 'hostName', 'hypervisor', 'timestamp']);
    expect(os.records).toHaveLength(2);
    const vm = os.records.find((r) => r.agentId === base.agent.id)!;
    expect(vm).toMatchObject({ accountNumber: '', osName: 'Debian GNU/Linux', osVersion: '12', cpuType: 'AMD EPYC', hostName: 'vm', hypervisor: 'kvm' });
    expect(new Date(vm.timestamp!).toISOString()).toBe(vm.timestamp);
    const nic = read('ads_networkInterface.csv');
    expect(nic.header).toEqual(['accountNumber', 'agentId', 'name', 'macAddress', 'family', 'ipAddress', 'gateway', 'netMask', 'timestamp']);
    expect(nic.records.find((r) => r.agentId === base.agent.id && r.ipAddress === '192.0.2.2')).toMatchObject({ name: 'eth0', family: 'IPv4', netMask: '255.255.255.0' });
  });

  it('ADS process: every process of every host, hostile text quoted, guarded and bounded', () => {
    const { header, records } = read('ads_process.csv');
    expect(header).toEqual(['accountNumber', 'agentId', 'agentAssignedProcessId', 'isSystem', 'name', 'cmdLine', 'path', 'agentProvidedTimeStamp']);
    expect(records).toHaveLength(base.host!.processes.length + payload.host!.processes.length);
    const init = records.find((r) => r.agentId === base.agent.id && r.agentAssignedProcessId === '1')!;
    expect(init).toMatchObject({ name: 'process_api', isSystem: 'true' });
    const formula = records.find((r) => r.agentAssignedProcessId === '90003')!;
    expect(formula.cmdLine).toBe(`'${PAYLOAD.formula} ${PAYLOAD.pwnSvg}`);
    expect(formula.isSystem).toBe('false');
    const long = records.find((r) => r.agentAssignedProcessId === '90004')!;
    expect(long.cmdLine!.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(long.cmdLine!.startsWith(PAYLOAD.script)).toBe(true);
    expect(long.cmdLine).toContain(`[${LONG_PAYLOAD.length - (MAX_CELL_CHARS - 64)} more characters left off]`);
    expect(records.find((r) => r.agentAssignedProcessId === '90002')!.cmdLine).toBe(`/usr/bin/app ${PAYLOAD.img} ${PAYLOAD.mustache}`);
  });

  it('ADS process connections: outbound from this host as the source, inbound as the destination', () => {
    const cols = ['accountNumber', 'agentId', 'sourceIp', 'sourcePort', 'destinationIp', 'destinationPort', 'ipVersion', 'transportProtocol', 'agentAssignedProcessId', 'agentCreationDate'];
    const src = read('ads_sourceProcessConnection.csv');
    const dst = read('ads_destinationProcessConnection.csv');
    expect(src.header).toEqual(cols);
    expect(dst.header).toEqual(cols);
    const count = (b: Bundle, d: string) => b.host!.connections.filter((c) => c.direction === d).length;
    expect(src.records).toHaveLength(count(base, 'outbound') + count(payload, 'outbound'));
    expect(dst.records).toHaveLength(count(base, 'inbound') + count(payload, 'inbound'));
    expect(src.records.find((r) => r.destinationIp === PAYLOAD.script)).toMatchObject({ sourceIp: '192.0.2.2', destinationPort: '5432', transportProtocol: 'TCP', ipVersion: 'IPv4' });
    expect(dst.records.find((r) => r.sourceIp === PAYLOAD.img)).toMatchObject({ destinationIp: '192.0.2.2', destinationPort: '18081', agentAssignedProcessId: '90002' });
  });

  it('ADS systemPerformance: a row per sample, KB/s rates and MB memory', () => {
    const { header, records } = read('ads_systemPerformance.csv');
    expect(header[0]).toBe('accountNumber');
    expect(header).toContain('totalCpuUsagePct');
    expect(header).toContain('totalNumLogicalProcessors');
    expect(header.at(-1)).toBe('timestamp');
    const vmRows = records.filter((r) => r.agentId === base.agent.id);
    const samples = base.host!.performance.samples;
    expect(vmRows).toHaveLength(samples.length);
    expect(vmRows.map((r) => r.timestamp)).toEqual(samples.map((s) => s.t));
    expect(Number(vmRows[0]!.totalDiskBytesReadPerSecondInKbps)).toBeCloseTo(samples[0]!.disk.total.readBytesPerSec / 1024, 2);
    expect(Number(vmRows[0]!.freeRAMInMB)).toBeCloseTo(samples[0]!.memory.availableBytes / 2 ** 20, 2);
    expect(vmRows[0]!.totalRAMInMB).toBe(String(Math.round(base.host!.inventory!.memory.totalBytes / 2 ** 20)));
  });

  it('ADS systemPerformance is bounded per host: a 20,000-sample series is thinned to the bound', () => {
    const host = structuredClone(hosts.find((h) => h.agentId === base.agent.id)!);
    const perf = host.bundles[0]!.host!.performance;
    const first = perf.samples[0]!;
    const t0 = Date.parse(first.t);
    perf.samples = Array.from({ length: 20_000 }, (_, i) => ({ ...first, t: new Date(t0 + i * 15_000).toISOString() }));
    const rows = systemPerformanceRows(hostFacts(host));
    expect(rows).toHaveLength(MAX_PERF_ROWS_PER_HOST);
    expect(rows[0]!.at(-1)).toBe(perf.samples[0]!.t);
    expect(rows.at(-1)!.at(-1)).toBe(perf.samples.at(-1)!.t);
  });

  it("action items: SCT's CSV columns first, then ours; complexity from the hours", () => {
    const { header, records } = read('sct-action-items.csv');
    expect(header.slice(0, 9)).toEqual([
      'Category', 'Occurrence', 'Action item number', 'Subject', 'Group', 'Description', 'Documentation references', 'Recommended action', 'Estimated complexity',
    ]);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ Category: 'Columns', 'Action item number': '8706', 'Estimated complexity': 'Simple', Server: 'vm-mysql', Database: 'shop', Code: 'unknown_data_type', Severity: 'critical' });
    expect(records[0]!.Subject).toBe('A data type the converter does not know');
    expect(records[1]!.Description).toBe(`'${PAYLOAD.formula}, "quoted"\nsecond line`);
    expect(records[2]).toMatchObject({ Category: 'Procedures', 'Action item number': 'catalog_row_not_understood', 'Estimated complexity': 'Significant' });
  });

  it('action item summary and category summary', () => {
    const sum = read('sct-action-items-summary.csv');
    expect(sum.header.slice(0, 5)).toEqual(['Action item number', 'Subject', 'Occurrences', 'Learning curve effort', 'Effort to convert an occurrence']);
    const dt = sum.records.find((r) => r.Code === 'unknown_data_type')!;
    // Two occurrences of 1 h, plus one hour to learn the fix once.
    expect(dt).toMatchObject({ Occurrences: '2', 'Learning curve effort': '1', 'Effort to convert an occurrence': '1', 'Total effort hours': '3' });
    const cat = read('sct-summary.csv');
    expect(cat.header.slice(0, 7)).toEqual([
      'Category', 'Number of objects', 'Objects automatically converted', 'Objects with simple actions', 'Objects with medium-complexity actions', 'Objects with complex actions', 'Total lines of code',
    ]);
    expect(cat.records.find((r) => r.Category === 'Tables')).toMatchObject({ 'Number of objects': '2', 'Objects automatically converted': '1', 'Objects with simple actions': '0', 'Objects with medium-complexity actions': '1' });
    expect(cat.records.find((r) => r.Category === 'Procedures')).toMatchObject({ 'Objects with complex actions': '1', 'Total lines of code': '40' });
  });

  it('README lists every file and points to the DMS artifacts, saying which are missing', () => {
    const text = readFileSync(path.join(out, 'exports', 'README.txt'), 'utf8');
    for (const f of files.filter((x) => x.path.endsWith('.csv'))) expect(text).toContain(path.basename(f.path));
    expect(text).toContain('dms-table-mappings: ../dms/rds-pg/table-mappings.json\n');
    expect(text).toContain('dms-task-settings: ../dms/rds-pg/task-settings.json (not written)');
  });
});
