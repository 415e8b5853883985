import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT_VERSION, readBundleFile, validateBundle, type Bundle } from '../../../agent/bundle/index.js';
import { bundleJsonSchema } from '../../../agent/bundle/json-schema.js';
import { bundleBaseName, writeBundleFile } from '../../../agent/bundle/write.js';
import { ROOT } from '../../helpers/agent-cli.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'bundles');

function fixture(): Bundle {
  const file = readdirSync(FIXTURES).find((f) => f.startsWith('v1-'))!;
  return JSON.parse(gunzipSync(readFileSync(path.join(FIXTURES, file))).toString()) as Bundle;
}

describe('bundle contract', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-contract-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every committed bundle fixture (old formats stay readable)', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.scout.json.gz'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const b = await readBundleFile(path.join(FIXTURES, f));
      expect(b.format).toBe('scout-bundle');
    }
  });

  it('names the path of each problem', () => {
    const b = fixture() as unknown as { host: { processes: { pid: unknown }[] }; extra?: unknown };
    b.host.processes[0]!.pid = 'one';
    b.extra = 1;
    const result = validateBundle(b);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual(expect.stringMatching(/^host\.processes\[0\]\.pid: /));
    expect(result.problems).toContainEqual(expect.stringMatching(/^\(root\): .*extra/));
  });

  it('gives one clear problem for a foreign file or a newer format', () => {
    expect(validateBundle({ hello: 1 })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^format: expected "scout-bundle"/)] });
    const newer = { ...fixture(), formatVersion: 3 };
    expect(validateBundle(newer)).toMatchObject({ ok: false, unsupportedVersion: 3 });
  });

  it('reads a format version 1 bundle as version 2 (nothing changed shape)', () => {
    const v1 = { ...fixture(), formatVersion: 1 };
    const result = validateBundle(v1);
    expect(result).toMatchObject({ ok: true, bundle: { formatVersion: 2 } });
    expect(validateBundle({ ...fixture(), formatVersion: 0 })).toMatchObject({ ok: false });
  });

  it('refuses to write an invalid bundle and writes a valid one with mode 0600', async () => {
    const bad = { ...fixture(), agent: { id: 'not-a-uuid', version: '1', hostname: 'h' } } as Bundle;
    await expect(writeBundleFile(dir, bad, 'bad')).rejects.toThrow(/agent\.id/);
    const good = fixture();
    const written = await writeBundleFile(dir, good, bundleBaseName('my host/1', new Date('2026-01-02T03:04:05.678Z')));
    expect(path.basename(written.path)).toBe('my_host_1-20260102T030405Z.scout.json.gz');
    const { statSync } = await import('node:fs');
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    // Bundles written before the database part read back with databases: null.
    // The fixture is a format version 1 bundle: read back, it is the current version.
    expect(await readBundleFile(written.path)).toEqual({ ...good, formatVersion: BUNDLE_FORMAT_VERSION, databases: null, collection: { ...good.collection, parts: { ...good.collection.parts, databases: false } } });
    // Same second again: a second file, never an overwrite.
    const second = await writeBundleFile(dir, good, bundleBaseName('my host/1', new Date('2026-01-02T03:04:05.999Z')));
    expect(path.basename(second.path)).toBe('my_host_1-20260102T030405Z-1.scout.json.gz');
  });

  it('writes a large bundle as several gzip members that read back as the same bundle', async () => {
    const file = readdirSync(FIXTURES).find((f) => f.startsWith('v2-'))!;
    const base = JSON.parse(gunzipSync(readFileSync(path.join(FIXTURES, file))).toString()) as Bundle;
    const db = base.databases!.servers[0]!.databases[0]!;
    const columns = db.rows.columns!;
    expect(columns.length).toBeGreaterThan(0);
    // About 12 MB of JSON: past the size from which members are compressed side by side.
    const many = Array.from({ length: Math.ceil(12e6 / JSON.stringify(columns).length) }, (_, i) => columns.map((r) => ({ ...r, name: `${String(r.name)}_${i}` }))).flat();
    const big = structuredClone(base);
    big.databases!.servers[0]!.databases[0]!.rows.columns = many;
    const written = await writeBundleFile(dir, big, 'big');
    const raw = readFileSync(written.path);
    // Each member starts with the gzip magic and deflate method (1f 8b 08): more than one here.
    let members = 0;
    for (let i = raw.indexOf(Buffer.from([0x1f, 0x8b, 0x08])); i >= 0; i = raw.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), i + 1)) members++;
    expect(members).toBeGreaterThan(1);
    expect(gunzipSync(raw).toString()).toBe(JSON.stringify(big));
    expect(await readBundleFile(written.path)).toEqual(big);
  });

  it('reports unreadable input by file name', async () => {
    const notGzip = path.join(dir, 'junk.scout.json.gz');
    await writeFile(notGzip, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    await expect(readBundleFile(notGzip)).rejects.toThrow(`${notGzip}: not a readable gzip file`);
    const notJson = path.join(dir, 'nojson.scout.json.gz');
    await writeFile(notJson, gzipSync('{nope'));
    await expect(readBundleFile(notJson)).rejects.toThrow(`${notJson}: not valid JSON`);
  });

  it('keeps bundle.schema.json in step with the zod schema (npm run schema)', async () => {
    const committed = await readFile(path.join(ROOT, 'agent', 'bundle', 'bundle.schema.json'), 'utf8');
    expect(committed).toBe(bundleJsonSchema());
  });
});
