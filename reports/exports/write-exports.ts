/**
 * writeExports: the machine-readable half of the report, under `<out>/exports/`. Every file
 * is CSV (RFC 4180, UTF-8, CRLF) except README.txt, which says what each file is and
 * points to the DMS artifacts the plan wrote beside the report.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  NETWORK_INTERFACE_COLUMNS,
  OS_INFO_COLUMNS,
  PROCESS_COLUMNS,
  PROCESS_CONNECTION_COLUMNS,
  SYSTEM_PERFORMANCE_COLUMNS,
  connectionRows,
  networkInterfaceRows,
  osInfoRows,
  processRows,
  systemPerformanceRows,
} from './ads.js';
import { CsvFileWriter, type CsvValue } from './csv.js';
import { hostFacts, type HostFacts } from './host-facts.js';
import { MIGRATION_HUB_COLUMNS, migrationHubRows } from './migration-hub.js';
import { SCT_ACTION_ITEM_COLUMNS, SCT_ACTION_ITEM_SUMMARY_COLUMNS, SCT_SUMMARY_COLUMNS, actionItemRows, actionItemSummaryRows, summaryRows } from './sct-csv.js';
import type { ExportFile, ExportInput } from './types.js';

export const EXPORTS_DIR = 'exports';

interface CsvSpec {
  name: string;
  title: string;
  columns: readonly string[];
  /** Rows host by host, so a large estate never sits in memory as one table. */
  rows: (hosts: readonly HostFacts[], input: ExportInput) => Iterable<CsvValue[]>;
}

function* perHost(hosts: readonly HostFacts[], rowsOf: (h: HostFacts) => CsvValue[][]): Iterable<CsvValue[]> {
  for (const h of hosts) yield* rowsOf(h);
}

const CSV_FILES: readonly CsvSpec[] = [
  {
    name: 'migration-hub-import.csv',
    title: 'Migration Hub import template: one row per inventoried host and per database server on no inventoried host',
    columns: MIGRATION_HUB_COLUMNS,
    rows: (hosts, input) => migrationHubRows(hosts, input.plan),
  },
  { name: 'ads_osInfo.csv', title: 'ADS-style osInfo: one row per host', columns: OS_INFO_COLUMNS, rows: (hosts) => perHost(hosts, osInfoRows) },
  {
    name: 'ads_networkInterface.csv',
    title: 'ADS-style networkInterface: one row per interface address',
    columns: NETWORK_INTERFACE_COLUMNS,
    rows: (hosts) => perHost(hosts, networkInterfaceRows),
  },
  { name: 'ads_process.csv', title: 'ADS-style process: every process seen', columns: PROCESS_COLUMNS, rows: (hosts) => perHost(hosts, processRows) },
  {
    name: 'ads_sourceProcessConnection.csv',
    title: 'ADS-style sourceProcessConnection: outbound TCP connections, this host as the source',
    columns: PROCESS_CONNECTION_COLUMNS,
    rows: (hosts) => perHost(hosts, (h) => connectionRows(h, 'outbound')),
  },
  {
    name: 'ads_destinationProcessConnection.csv',
    title: 'ADS-style destinationProcessConnection: inbound TCP connections, this host as the destination',
    columns: PROCESS_CONNECTION_COLUMNS,
    rows: (hosts) => perHost(hosts, (h) => connectionRows(h, 'inbound')),
  },
  {
    name: 'ads_systemPerformance.csv',
    title: 'ADS-style systemPerformance: one row per performance sample (at most 72 h at 15 s per host)',
    columns: SYSTEM_PERFORMANCE_COLUMNS,
    rows: (hosts) => perHost(hosts, systemPerformanceRows),
  },
  {
    name: 'sct-action-items.csv',
    title: "Action items with SCT's assessment CSV columns, then server, database, code, severity, object, hours",
    columns: SCT_ACTION_ITEM_COLUMNS,
    rows: (_hosts, input) => actionItemRows(input.conversions),
  },
  {
    name: 'sct-action-items-summary.csv',
    title: 'One row per action item kind: occurrences, learning and per-occurrence effort (hours)',
    columns: SCT_ACTION_ITEM_SUMMARY_COLUMNS,
    rows: (_hosts, input) => actionItemSummaryRows(input.conversions),
  },
  {
    name: 'sct-summary.csv',
    title: 'Per database and object category: objects converted as they are, and with simple, medium or complex actions',
    columns: SCT_SUMMARY_COLUMNS,
    rows: (_hosts, input) => summaryRows(input.conversions),
  },
];

/** The README's lines about the DMS artifacts: each server's files, marked when missing. */
function artifactLines(outDir: string, input: ExportInput): { lines: string[]; count: number } {
  const lines: string[] = [];
  let count = 0;
  for (const server of input.plan.servers) {
    if (server.artifacts.length === 0) continue;
    lines.push(`  ${oneLine(server.id)} (${server.recommended ?? 'no feasible path'}):`);
    for (const a of server.artifacts) {
      const missing = existsSync(path.join(outDir, a.path)) ? '' : ' (not written)';
      lines.push(`    ${oneLine(a.kind)}: ../${oneLine(a.path)}${missing}`);
      count++;
    }
  }
  return { lines, count };
}

/** Names from customer systems on one line: no control characters in a text file meant to be read. */
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '?');

function readme(outDir: string, input: ExportInput, files: readonly ExportFile[]): { text: string; entries: number } {
  const artifacts = artifactLines(outDir, input);
  const text = [
    'scout exports',
    '',
    `Generated ${input.plan.generatedAt} by scout ${input.plan.scoutVersion}: ${input.plan.totals.hosts} hosts, ${input.plan.totals.servers} database servers.`,
    'CSV files: RFC 4180, UTF-8, CRLF line ends. A text cell that starts with = + - @ or a tab is written with a leading',
    "' so that a spreadsheet shows it instead of running it; cells longer than 32,767 characters are cut, saying so.",
    'Units: rates in KB per second (1 KB = 1,024 bytes), memory in MB, disk sizes in GB, CPU in percent of the whole host.',
    'agentId is the scout agent id; accountNumber is empty.',
    '',
    'Files:',
    ...files.map((f) => `  ${path.basename(f.path)}: ${f.title} (${f.rows} rows)`),
    '',
    'Plan artifacts: DMS table mappings and task settings, runbooks (paths relative to this folder):',
    ...(artifacts.lines.length > 0 ? artifacts.lines : ['  none: no database server has a plan artifact']),
    '',
  ].join('\n');
  return { text, entries: artifacts.count };
}

/** Writes every export file; returns what was written, README.txt last. */
export async function writeExports(outDir: string, input: ExportInput): Promise<ExportFile[]> {
  const dir = path.join(outDir, EXPORTS_DIR);
  mkdirSync(dir, { recursive: true });
  const hosts = input.hosts.map(hostFacts);
  const files: ExportFile[] = [];
  for (const spec of CSV_FILES) {
    const writer = new CsvFileWriter(path.join(dir, spec.name), spec.columns);
    for (const row of spec.rows(hosts, input)) writer.row(row);
    const { rows, bytes } = writer.close();
    files.push({ path: `${EXPORTS_DIR}/${spec.name}`, title: spec.title, rows, bytes });
  }
  const { text, entries } = readme(outDir, input, files);
  writeFileSync(path.join(dir, 'README.txt'), text);
  files.push({ path: `${EXPORTS_DIR}/README.txt`, title: 'What each export file holds, and where the DMS artifacts are', rows: entries, bytes: Buffer.byteLength(text) });
  return files;
}
