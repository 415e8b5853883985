/**
 * Hostile input for the report: a host bundle and fixture databases whose names, comments,
 * defaults, command lines, peers and mounts carry markup, template syntax, script URLs, a
 * 100 KB string and bidi overrides. The report must show every one of them as text.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { validateBundle, type Bundle } from '../../../agent/bundle/index.js';
import { createDatabase, runSql, uniqueName, quoteMy, quotePg, type Engine } from '../../helpers/db-roundtrip.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BASE_BUNDLE = path.resolve(HERE, '..', '..', 'fixtures', 'bundles', 'v1-collect-debian12.scout.json.gz');

export const PAYLOAD = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(1)>',
  mustache: '{{constructor}}',
  jsUrl: 'javascript:alert(1)',
  /** Sets window.__pwned if it ever runs: caught even where a dialog would not be. */
  pwnScript: '<script>window.__pwned=1</script>',
  pwnSvg: '<svg/onload="window.__pwned=1">',
  /** U+202E RIGHT-TO-LEFT OVERRIDE: shows `report.exe` reversed unless isolated. */
  rtl: 'rtl\u202Eexe.tropre',
  formula: '=HYPERLINK("http://x.invalid","y")',
} as const;

/** 100 KB of text with markup at both ends: a page must stay usable with it. */
export const LONG_PAYLOAD = `${PAYLOAD.script}${'L'.repeat(100 * 1024)}${PAYLOAD.img}`;

/** A short marker in each payload's text, to find it again in a page. */
export const PAYLOAD_TEXTS = ['<script>alert(1)', '<img src=x onerror=alert(1)>', '{{constructor}}', 'javascript:alert(1)'] as const;

export const PAYLOAD_HOSTNAME = `web${PAYLOAD.img}`;

function loadBase(): Bundle {
  const value: unknown = JSON.parse(gunzipSync(readFileSync(BASE_BUNDLE)).toString('utf8'));
  const result = validateBundle(value);
  if (!result.ok) throw new Error(`base bundle invalid: ${result.problems.join('; ')}`);
  return result.bundle;
}

/** The fixture host bundle with payloads in every text field the report shows; a new agent and collection id. */
export function payloadHostBundle(): Bundle {
  const b = loadBase();
  const host = b.host!;
  const inv = host.inventory!;
  const t = b.collection.endedAt;
  b.agent.id = randomUUID();
  b.collection.id = randomUUID();
  b.agent.hostname = PAYLOAD_HOSTNAME;
  inv.hostname = PAYLOAD_HOSTNAME;
  inv.fqdn = `${PAYLOAD_HOSTNAME}.${PAYLOAD.jsUrl}`;
  inv.os.distro = `Debian ${PAYLOAD.mustache}`;
  inv.cpu.model = PAYLOAD.pwnSvg;
  const mount = `/mnt/${PAYLOAD.script}`;
  inv.filesystems.push({ mount, device: PAYLOAD.jsUrl, type: PAYLOAD.mustache, sizeBytes: 10 * 2 ** 30, usedBytes: 2 ** 30, availableBytes: 9 * 2 ** 30 });
  inv.filesystems.push({ mount: `/mnt/${PAYLOAD.rtl}`, device: PAYLOAD.pwnScript, type: 'ext4', sizeBytes: 2 ** 30, usedBytes: 0, availableBytes: 2 ** 30 });
  for (const s of host.performance.samples) s.filesystems[mount] = { usedBytes: 2 ** 30, sizeBytes: 10 * 2 ** 30 };
  const nic = inv.network.interfaces.find((n) => !n.isLoopback)!;
  nic.name = `eth0${PAYLOAD.rtl}`;
  const procs: [string, string][] = [
    [PAYLOAD.script, `/usr/bin/app --title=${PAYLOAD.script} --next=${PAYLOAD.jsUrl}`],
    [PAYLOAD.img, `/usr/bin/app ${PAYLOAD.img} ${PAYLOAD.mustache}`],
    [PAYLOAD.pwnScript, `${PAYLOAD.formula} ${PAYLOAD.pwnSvg}`],
    [PAYLOAD.rtl, LONG_PAYLOAD],
  ];
  procs.forEach(([name, cmdline], i) => {
    host.processes.push({
      pid: 90_001 + i,
      ppid: 1,
      uid: 1000,
      user: PAYLOAD.mustache,
      name,
      exe: `/opt/${name}`,
      cmdline,
      cpuPct: 1.5,
      rssBytes: 50 * 2 ** 20,
      threads: 2,
      startedAt: b.collection.startedAt,
      isKernelThread: false,
    });
    host.listening.push({ protocol: 'tcp', address: '0.0.0.0', port: 18_080 + i, pid: 90_001 + i, process: name });
  });
  const peers = [PAYLOAD.script, PAYLOAD.img, PAYLOAD.jsUrl, PAYLOAD.pwnScript];
  peers.forEach((peer, i) => {
    for (const direction of ['inbound', 'outbound'] as const) {
      host.connections.push({
        protocol: 'tcp',
        localAddress: '192.0.2.2',
        localPort: direction === 'inbound' ? 18_080 + i : 40_000 + i,
        remoteAddress: peer,
        remotePort: direction === 'inbound' ? 50_000 + i : 5432,
        direction,
        pid: 90_001 + i,
        process: procs[i]![0],
        state: 'ESTABLISHED',
        firstSeen: b.collection.startedAt,
        lastSeen: t,
        timesObserved: 2,
      });
    }
  });
  const result = validateBundle(b);
  if (!result.ok) throw new Error(`payload bundle invalid: ${result.problems.join('; ')}`);
  return result.bundle;
}

/** Writes a bundle as the agent does (gzipped JSON, *.scout.json.gz) and returns its path. */
export function writeBundleFile(dir: string, name: string, bundle: Bundle): string {
  const file = path.join(dir, `${name}.scout.json.gz`);
  writeFileSync(file, gzipSync(JSON.stringify(bundle)));
  return file;
}

/** Identifiers with payloads, within both engines' 63/64-character limits. */
export const PAYLOAD_TABLE = PAYLOAD.script;
export const PAYLOAD_COLUMNS = [PAYLOAD.img, PAYLOAD.mustache, `amount${PAYLOAD.rtl}`, PAYLOAD.jsUrl] as const;
export const PAYLOAD_VIEW = `v${PAYLOAD.pwnSvg}`;

function payloadSql(engine: Engine): string {
  const q = engine === 'mysql' ? quoteMy : quotePg;
  const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
  const [img, mustache, rtl, js] = PAYLOAD_COLUMNS.map(q);
  const table = q(PAYLOAD_TABLE);
  if (engine === 'mysql') {
    return [
      `CREATE TABLE ${table} (id int PRIMARY KEY AUTO_INCREMENT, ${img} varchar(200) DEFAULT ${lit(PAYLOAD.script)} COMMENT ${lit(PAYLOAD.mustache + PAYLOAD.img)},`,
      `  ${mustache} varchar(100) DEFAULT ${lit(PAYLOAD.jsUrl)}, ${rtl} decimal(10,2), ${js} text COMMENT ${lit(PAYLOAD.pwnScript)})`,
      `  COMMENT ${lit(`${PAYLOAD.script} ${PAYLOAD.jsUrl} ${PAYLOAD.formula}`)};`,
      `CREATE INDEX ${q(`ix${PAYLOAD.img}`)} ON ${table} (${mustache});`,
      `CREATE VIEW ${q(PAYLOAD_VIEW)} AS SELECT id, ${img} FROM ${table} WHERE ${mustache} <> ${lit(PAYLOAD.pwnScript)};`,
    ].join('\n');
  }
  return [
    `CREATE TABLE ${table} (id serial PRIMARY KEY, ${img} varchar(200) DEFAULT ${lit(PAYLOAD.script)},`,
    `  ${mustache} varchar(100) DEFAULT ${lit(PAYLOAD.jsUrl)}, ${rtl} numeric(10,2), ${js} text);`,
    `COMMENT ON TABLE ${table} IS ${lit(`${PAYLOAD.script} ${PAYLOAD.jsUrl} ${PAYLOAD.formula}`)};`,
    `COMMENT ON COLUMN ${table}.${img} IS ${lit(PAYLOAD.mustache + PAYLOAD.img)};`,
    `COMMENT ON COLUMN ${table}.${js} IS ${lit(LONG_PAYLOAD)};`,
    `CREATE INDEX ${q(`ix${PAYLOAD.img}`)} ON ${table} (${mustache});`,
    `CREATE VIEW ${q(PAYLOAD_VIEW)} AS SELECT id, ${img} FROM ${table} WHERE ${mustache} <> ${lit(PAYLOAD.pwnScript)};`,
  ].join('\n');
}

/** Creates a uniquely named database holding the payload objects; the caller drops it. */
export async function createPayloadDatabase(engine: Engine): Promise<string> {
  const name = uniqueName('p7xss');
  await createDatabase(engine, name);
  await runSql(engine, name, payloadSql(engine));
  return name;
}
