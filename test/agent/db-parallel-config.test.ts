/** --db-parallel / SCOUT_AGENT_DB_PARALLEL / dbParallel: how many connections read one PostgreSQL database. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../agent/config.js';
import { catalogOptions } from '../../agent/db/prepare.js';

describe('db-parallel setting', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-db-parallel-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('defaults to 1 (one connection per server at a time) and reaches the catalog options', async () => {
    const c = await resolveConfig({}, {});
    expect(c.dbParallel).toBe(1);
    expect(catalogOptions(c).dbParallel).toBe(1);
  });

  it('takes the config file < environment < flag, as every setting', async () => {
    const file = path.join(dir, 'agent.yaml');
    await writeFile(file, 'dbParallel: 3\n');
    expect((await resolveConfig({ config: file }, {})).dbParallel).toBe(3);
    expect((await resolveConfig({ config: file }, { SCOUT_AGENT_DB_PARALLEL: '1' })).dbParallel).toBe(1);
    expect((await resolveConfig({ config: file, dbParallel: '4' }, { SCOUT_AGENT_DB_PARALLEL: '1' })).dbParallel).toBe(4);
  });

  it('refuses anything but a whole number from 1 to 8, naming the flag', async () => {
    for (const bad of ['0', '9', '1.5', 'two', '', '-1']) await expect(resolveConfig({ dbParallel: bad }, {}), bad).rejects.toThrow(/--db-parallel/);
    const file = path.join(dir, 'zero.yaml');
    await writeFile(file, 'dbParallel: 0\n');
    await expect(resolveConfig({ config: file }, {})).rejects.toThrow(/dbParallel/);
  });
});
