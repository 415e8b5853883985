/** Database discovery on this machine (PostgreSQL 15 and MariaDB 10.11 run here), without credentials. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addHandshakeVersions, argValue, findDatabaseServers, parseProcNetUnix, probeMysqlVersion } from '../../../agent/db/discover.js';
import { targetsForDiscovered } from '../../../agent/db/collect-databases.js';
import { readUserNames, snapshotProcesses } from '../../../agent/proc/processes.js';
import { readSocketOwners, readSocketTable } from '../../../agent/proc/sockets.js';

describe('discovery of local database servers', () => {
  it('finds PostgreSQL and MariaDB with version, address, socket and data directory', async () => {
    const found = findDatabaseServers(snapshotProcesses(), readSocketTable(), readSocketOwners(), parseProcNetUnix(readFileSync('/proc/net/unix', 'utf8')), readUserNames());
    await addHandshakeVersions(found);
    const pg = found.find((s) => s.engine === 'postgres');
    const maria = found.find((s) => s.engine === 'mariadb');
    expect(pg, 'PostgreSQL not found').toBeDefined();
    expect(maria, 'MariaDB not found').toBeDefined();
    const pgVersion = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'show server_version_num'], { encoding: 'utf8' }).trim();
    expect(pg!.version).toBe(String(Math.floor(Number(pgVersion) / 10000)));
    expect(pg!.listen).toContainEqual({ address: '127.0.0.1', port: 5432 });
    expect(pg!.unixSockets.some((p) => p.endsWith('.s.PGSQL.5432'))).toBe(true);
    expect(pg!.dataDir).toMatch(/postgresql/);
    const mariaVersion = execFileSync('mariadb', ['-uroot', '-Nse', 'select version()'], { encoding: 'utf8' }).trim();
    expect(maria!.version).toBe(mariaVersion);
    expect(maria!.versionSource).toBe('handshake');
    expect(maria!.listen.map((l) => l.port)).toContain(3306);
  });

  it('turns discovered servers into local-default targets, skipping ones already given', async () => {
    const found = findDatabaseServers(snapshotProcesses(), readSocketTable(), readSocketOwners(), parseProcNetUnix(readFileSync('/proc/net/unix', 'utf8')), readUserNames());
    const targets = targetsForDiscovered(found, 'root', []);
    expect(targets.map((t) => t.engine).sort()).toEqual(['mysql', 'postgres']);
    expect(targets.every((t) => t.source === 'discovered' && t.password === null)).toBe(true);
    const pgTarget = targets.find((t) => t.engine === 'postgres')!;
    const again = targetsForDiscovered(found, 'root', [pgTarget]);
    expect(again.map((t) => t.engine)).toEqual(['mysql']);
  });

  it('reads the handshake version without logging in, and reports a closed port', async () => {
    expect((await probeMysqlVersion({ host: '127.0.0.1', port: 3306 })).version).toMatch(/^\d+\.\d+\.\d+-MariaDB/);
    const closed = await probeMysqlVersion({ host: '127.0.0.1', port: 1 }, 1000);
    expect(closed.version).toBeNull();
    expect(closed.error).toMatch(/ECONNREFUSED/);
  });

  it('parses command-line options and /proc/net/unix', () => {
    expect(argValue(['postgres', '-D', '/data/pg', '-c', 'x=1'], ['--data-directory', '-D'], '-D')).toBe('/data/pg');
    expect(argValue(['mysqld', '--datadir=/var/lib/mysql'], ['--datadir'])).toBe('/var/lib/mysql');
    expect(argValue(['mysqld'], ['--datadir'])).toBeNull();
    const text = `Num       RefCount Protocol Flags    Type St Inode Path
0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/mysqld/mysqld.sock
0000000000000000: 00000003 00000000 00000000 0001 03 12346 /run/mysqld/mysqld.sock
0000000000000000: 00000002 00000000 00010000 0001 01 12347 /var/run/postgresql/.s.PGSQL.5432
`;
    expect(parseProcNetUnix(text)).toEqual([
      { inode: 12345, path: '/run/mysqld/mysqld.sock' },
      { inode: 12347, path: '/var/run/postgresql/.s.PGSQL.5432' },
    ]);
  });
});
