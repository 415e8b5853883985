import { chmodSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globMatch, isSelected, lookupPgpass, parseTargetUrl } from '../../../agent/db/targets.js';

const NO_ENV = {};

describe('parseTargetUrl', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scout-targets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['postgres://app@db1.example:6432/shop?sslmode=require', { engine: 'postgres', host: 'db1.example', port: 6432, user: 'app', database: 'shop', sslmode: 'require', socket: null }],
    ['postgresql://app@10.0.0.5/', { engine: 'postgres', host: '10.0.0.5', port: 5432, database: null, sslmode: 'prefer' }],
    ['mysql://scout@127.0.0.1:3307/', { engine: 'mysql', scheme: 'mysql', host: '127.0.0.1', port: 3307, database: null }],
    ['mariadb://scout@[::1]:3306/app', { engine: 'mysql', scheme: 'mariadb', host: '::1', database: 'app' }],
    ['mysql://root@localhost/?socket=/run/mysqld/mysqld.sock', { socket: '/run/mysqld/mysqld.sock', host: null }],
    ['postgres://u@/db?host=/var/run/postgresql', { socket: '/var/run/postgresql', host: null, database: 'db' }],
    ['postgres://we%20ird@h/my%20db', { user: 'we ird', database: 'my db' }],
  ])('%s', (url, want) => {
    expect(parseTargetUrl({ url, source: 'flag' }, NO_ENV, dir)).toMatchObject(want);
  });

  it('gives a password-free id and keeps patterns from the URL and the spec', () => {
    const t = parseTargetUrl({ url: 'mysql://scout@db:3306/?include=app_*,crm&exclude=app_test', exclude: ['tmp*'], source: 'config' }, NO_ENV, dir);
    expect(t.id).toBe('mysql://scout@db:3306/');
    expect(t.include).toEqual(['app_*', 'crm']);
    expect(t.exclude).toEqual(['tmp*', 'app_test']);
  });

  it.each([
    ['postgres://app:secret@db/', /password in the URL is refused/],
    ['oracle://x@y/', /unsupported scheme "oracle"/],
    ['not a url', /is not a URL/],
    ['postgres://a@b/?sslmode=maybe', /sslmode "maybe"/],
    ['postgres://a@b/?colour=blue', /unknown parameter "colour"/],
  ])('refuses %s', (url, message) => {
    expect(() => parseTargetUrl({ url, source: 'flag' }, NO_ENV, dir)).toThrow(message);
  });

  it('never repeats a password from a refused URL in the message', () => {
    expect(() => parseTargetUrl({ url: 'postgres://app:hunter2@db/', source: 'flag' }, NO_ENV, dir)).toThrow(/postgres:\/\/app:\*\*\*@db/);
    try {
      parseTargetUrl({ url: 'postgres://app:hunter2@db/', source: 'flag' }, NO_ENV, dir);
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('hunter2');
    }
  });

  it('takes the password from a 0600 passwordFile and refuses a readable one', () => {
    const file = path.join(dir, 'pw');
    writeFileSync(file, 's3cret\n');
    chmodSync(file, 0o600);
    const t = parseTargetUrl({ url: 'mysql://scout@db/', passwordFile: file, source: 'config' }, { MYSQL_PWD: 'other' }, dir);
    expect(t.password?.reveal()).toBe('s3cret');
    chmodSync(file, 0o644);
    expect(() => parseTargetUrl({ url: 'mysql://scout@db/', passwordFile: file, source: 'config' }, NO_ENV, dir)).toThrow(/mode 644 is refused/);
  });

  it('takes PGPASSWORD / MYSQL_PWD per engine, then ~/.pgpass', () => {
    expect(parseTargetUrl({ url: 'postgres://a@h/', source: 'flag' }, { PGPASSWORD: 'pg', MYSQL_PWD: 'my' }, dir).password?.reveal()).toBe('pg');
    expect(parseTargetUrl({ url: 'mysql://a@h/', source: 'flag' }, { PGPASSWORD: 'pg', MYSQL_PWD: 'my' }, dir).password?.reveal()).toBe('my');
    const pgpass = path.join(dir, '.pgpass');
    writeFileSync(pgpass, '# comment\nother:*:*:*:nope\nh:5432:*:a:from\\:pgpass\n');
    chmodSync(pgpass, 0o600);
    expect(parseTargetUrl({ url: 'postgres://a@h/', source: 'flag' }, NO_ENV, dir).password?.reveal()).toBe('from:pgpass');
    expect(parseTargetUrl({ url: 'mysql://a@h/', source: 'flag' }, NO_ENV, dir).password).toBeNull();
  });

  it('keeps the password out of JSON, strings and inspection', () => {
    const t = parseTargetUrl({ url: 'postgres://a@h/', source: 'flag' }, { PGPASSWORD: 'topsecret' }, dir);
    expect(JSON.stringify(t)).not.toContain('topsecret');
    expect(`${t.password}`).not.toContain('topsecret');
    expect(inspect(t)).not.toContain('topsecret');
  });
});

describe('pgpass and patterns', () => {
  it('ignores a .pgpass that others can read, as libpq does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scout-pgpass-'));
    try {
      const f = path.join(dir, 'p');
      writeFileSync(f, '*:*:*:*:pw\n');
      chmodSync(f, 0o644);
      expect(lookupPgpass(f, { host: 'h', socket: null, port: 5432, database: null, user: 'u' })).toBeNull();
      chmodSync(f, 0o600);
      expect(lookupPgpass(f, { host: 'h', socket: null, port: 5432, database: null, user: 'u' })).toBe('pw');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('matches globs and include/exclude', () => {
    expect(globMatch('app_*', 'app_one')).toBe(true);
    expect(globMatch('app_?', 'app_12')).toBe(false);
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(isSelected({ include: ['app*'], exclude: ['*_test'] }, 'app_test')).toBe(false);
    expect(isSelected({ include: [], exclude: [] }, 'anything')).toBe(true);
  });
});
