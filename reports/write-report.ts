/**
 * Writes the HTML pages of a report: index.html, plan.html, hosts/<host>.html and
 * databases/<server>-<db>.html. Each page is built from its view model, rendered and written
 * before the next, so the work grows with the estate and no page waits on another.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HostBundles, LoadProblem } from '../analyzer/load-bundles.js';
import type { Plan } from '../analyzer/plan/schema.js';
import type { DatabaseAssessment } from './assessment.js';
import type { ReportNames } from './file-names.js';
import { reportEnv, type PageName } from './handlebars-env.js';
import type { PageMeta } from './views/common.js';
import { reportHref } from './views/common.js';
import { buildDatabaseView } from './views/database-view.js';
import { buildEstateView } from './views/estate-view.js';
import { buildHostView } from './views/host-view.js';
import { buildPlanView } from './views/plan-view.js';

export interface ReportInput {
  outDir: string;
  plan: Plan;
  hosts: readonly HostBundles[];
  assessments: readonly DatabaseAssessment[];
  names: ReportNames;
  skipped: readonly LoadProblem[];
  /** The files writeExports wrote, linked from index.html. */
  exports?: readonly { path: string; title: string; rows: number }[];
  scoutVersion: string;
  /** Called after each page, for progress. */
  onPage?: (done: number, total: number) => void;
}

export interface WrittenReport {
  index: string;
  plan: string;
  hostPages: number;
  databasePages: number;
  bytes: number;
}

/** Addresses shared by every host (loopback, unspecified) say nothing about which host is the peer. */
const NOT_A_PEER = /^(127\.|::1$|0\.0\.0\.0$|::$|::ffff:127\.)/;

/** Address → the one collected host that has it; an address seen on two hosts is left out. */
export function hostsByAddress(plan: Plan): Map<string, { agentId: string; hostname: string }> {
  const out = new Map<string, { agentId: string; hostname: string }>();
  const dup = new Set<string>();
  for (const h of plan.hosts) {
    for (const a of h.addresses) {
      if (NOT_A_PEER.test(a)) continue;
      if (out.has(a) && out.get(a)!.agentId !== h.id) dup.add(a);
      else out.set(a, { agentId: h.id, hostname: h.hostname });
    }
  }
  for (const a of dup) out.delete(a);
  return out;
}

function writeAtomic(file: string, text: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, file);
  return Buffer.byteLength(text);
}

function readIfThere(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function writeReport(input: ReportInput): WrittenReport {
  const env = reportEnv();
  const { outDir, plan, names } = input;
  const generatedAt = plan.generatedAt;
  const meta = (title: string, root: string): PageMeta => ({ title, root, generatedAt, scoutVersion: input.scoutVersion });
  const total = 2 + input.hosts.length + input.assessments.length;
  let done = 0;
  let bytes = 0;
  const write = (rel: string, page: PageName, view: object): string => {
    const file = path.join(outDir, rel);
    bytes += writeAtomic(file, env.render(page, view));
    input.onPage?.(++done, total);
    return file;
  };

  for (const h of input.hosts) names.addHost(h.agentId, h.hostname);
  for (const a of input.assessments) names.addDatabase(a.serverId, a.database);

  const index = write('index.html', 'index', buildEstateView({ plan, assessments: input.assessments, links: names, meta: meta('Estate overview', ''), skipped: input.skipped, exports: input.exports ?? [] }));
  const planFile = write('plan.html', 'plan', buildPlanView({ plan, links: names, meta: meta('Migration plan', '') }));

  const planHost = new Map(plan.hosts.map((h) => [h.id, h]));
  const byAddress = hostsByAddress(plan);
  for (const host of input.hosts) {
    const rel = names.host(host.agentId)!;
    write(rel, 'host', buildHostView({ host, plan, planHost: planHost.get(host.agentId) ?? null, links: names, hostByAddress: byAddress, meta: meta(host.hostname, '../') }));
  }

  const server = new Map(plan.servers.map((s) => [s.id, s]));
  for (const a of input.assessments) {
    const rel = names.database(a.serverId, a.database)!;
    const s = server.get(a.serverId) ?? null;
    const hostRel = s ? names.host(s.hostId) : null;
    const view = buildDatabaseView({
      assessment: a,
      server: s,
      meta: meta(`${a.database} on ${a.serverId}`, '../'),
      hostHref: hostRel ? reportHref('../', hostRel) : null,
      ddlText: {
        preData: a.files ? readIfThere(path.join(outDir, a.files.preData)) : null,
        postData: a.files ? readIfThere(path.join(outDir, a.files.postData)) : null,
      },
    });
    write(rel, 'database', view);
  }
  return { index: path.resolve(index), plan: path.resolve(planFile), hostPages: input.hosts.length, databasePages: input.assessments.length, bytes };
}
