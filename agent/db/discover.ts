import net from 'node:net';
import path from 'node:path';
import type { DiscoveredServer } from '../bundle/schema.js';
import type { ProcessSnapshot, RawProcess } from '../proc/processes.js';
import { isListening, WILDCARD_ADDRESSES, type SocketOwners, type SocketTable } from '../proc/sockets.js';
import { readTrim } from '../read-text.js';

/** Process names of database servers. postmaster is PostgreSQL's old name for the main process. */
const SERVER_NAMES: Record<string, DiscoveredServer['engine']> = {
  postgres: 'postgres',
  postmaster: 'postgres',
  mysqld: 'mysql',
  mariadbd: 'mariadb',
};

export interface UnixSocketEntry {
  inode: number;
  path: string;
}

/** Listening unix sockets from /proc/net/unix (flag __SO_ACCEPTCON, state unconnected). */
export function parseProcNetUnix(text: string): UnixSocketEntry[] {
  const out: UnixSocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const flags = parseInt(f[3] ?? '0', 16);
    if ((flags & 0x10000) === 0) continue;
    out.push({ inode: Number(f[6]), path: f.slice(7).join(' ') });
  }
  return out;
}

/** Value of `--name=value`, `--name value`, or `-X value` / `-Xvalue` in argv. */
export function argValue(argv: string[], long: string[], short?: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    for (const name of long) {
      if (a === name && argv[i + 1] !== undefined) return argv[i + 1]!;
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
    }
    if (short) {
      if (a === short && argv[i + 1] !== undefined) return argv[i + 1]!;
      if (a.startsWith(short) && a.length > short.length && !a.startsWith('--')) return a.slice(short.length);
    }
  }
  return null;
}

/** PostgreSQL `-c name=value` settings from the command line. */
function pgSetting(argv: string[], name: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const kv = a === '-c' ? argv[i + 1] : a.startsWith('-c') ? a.slice(2) : a.startsWith('--') ? a.slice(2) : null;
    if (kv && kv.startsWith(`${name}=`)) return kv.slice(name.length + 1);
  }
  return null;
}

/** The main server process: named like a server, and its parent is not a server process of the same kind. */
function isMainServer(p: RawProcess, byPid: Map<number, RawProcess>): boolean {
  const engine = SERVER_NAMES[p.name];
  if (!engine || p.isKernelThread) return false;
  const parent = byPid.get(p.ppid);
  return !(parent && SERVER_NAMES[parent.name] === engine);
}

/**
 * Finds the database servers on this host from processes and listening sockets; no
 * credentials. Versions: PostgreSQL from PG_VERSION in the data directory (or the
 * binary's path), MySQL/MariaDB from the protocol handshake (see probeMysqlVersion).
 */
export function findDatabaseServers(procs: ProcessSnapshot, sockets: SocketTable, owners: SocketOwners, unix: UnixSocketEntry[], users: Map<number, string>): DiscoveredServer[] {
  const out: DiscoveredServer[] = [];
  for (const p of procs.processes.values()) {
    if (!isMainServer(p, procs.processes)) continue;
    const engine = SERVER_NAMES[p.name]!;
    const argv = p.argv;
    const listen = sockets.entries
      .filter((e) => isListening(e) && (e.protocol === 'tcp' || e.protocol === 'tcp6') && owners.byInode.get(e.inode) === p.pid)
      .map((e) => ({ address: e.localAddress, port: e.localPort }));
    const unixSockets = unix.filter((u) => owners.byInode.get(u.inode) === p.pid).map((u) => u.path);
    let dataDir: string | null;
    let configFile: string | null;
    let version: string | null = null;
    let versionSource: DiscoveredServer['versionSource'] = 'none';
    if (engine === 'postgres') {
      dataDir = argValue(argv, ['--data-directory', '-D'], '-D') ?? pgSetting(argv, 'data_directory');
      configFile = pgSetting(argv, 'config_file');
      const fromDir = dataDir ? readTrim(path.join(dataDir, 'PG_VERSION')) : null;
      if (fromDir) {
        version = fromDir;
        versionSource = 'data-directory';
      } else {
        const fromPath = /\/postgresql\/(\d+(?:\.\d+)?)\/bin\//.exec(p.exe ?? argv[0] ?? '');
        if (fromPath) {
          version = fromPath[1]!;
          versionSource = 'binary-path';
        }
      }
      if (listen.length === 0 && owners.byInode.size === 0) {
        // Socket owners unreadable (no root): fall back to the configured or default port.
        const port = Number(pgSetting(argv, 'port') ?? argValue(argv, [], '-p') ?? 5432);
        for (const e of sockets.entries) if (isListening(e) && e.localPort === port && e.protocol.startsWith('tcp')) listen.push({ address: e.localAddress, port });
      }
    } else {
      dataDir = argValue(argv, ['--datadir']);
      configFile = argValue(argv, ['--defaults-file']);
      const sock = argValue(argv, ['--socket']);
      if (sock && !unixSockets.includes(sock)) unixSockets.push(sock);
      if (listen.length === 0 && owners.byInode.size === 0) {
        const port = Number(argValue(argv, ['--port'], '-P') ?? 3306);
        for (const e of sockets.entries) if (isListening(e) && e.localPort === port && e.protocol.startsWith('tcp')) listen.push({ address: e.localAddress, port });
      }
    }
    out.push({
      engine,
      version,
      versionSource,
      pid: p.pid,
      process: p.name,
      user: p.uid === null ? null : (users.get(p.uid) ?? String(p.uid)),
      listen,
      unixSockets,
      dataDir,
      configFile,
    });
  }
  return out.sort((a, b) => (a.pid ?? 0) - (b.pid ?? 0));
}

/**
 * Reads the server version from the MySQL protocol handshake, which the server sends
 * before authentication: 3-byte length, sequence id, protocol version 10, then the
 * version as a NUL-terminated string. MariaDB prefixes it with "5.5.5-" for old replicas.
 * https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
 */
export function probeMysqlVersion(where: { host: string; port: number } | { socket: string }, timeoutMs = 2000): Promise<{ version: string | null; error: string | null }> {
  return new Promise((resolve) => {
    const socket = 'socket' in where ? net.connect(where.socket) : net.connect(where.port, where.host);
    let buf = Buffer.alloc(0);
    const done = (version: string | null, error: string | null) => {
      socket.destroy();
      resolve({ version, error });
    };
    socket.setTimeout(timeoutMs, () => done(null, 'handshake timed out'));
    socket.on('error', (err) => done(null, err.message));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const len = buf.readUIntLE(0, 3);
      if (buf.length < 4 + len) return;
      const payload = buf.subarray(4, 4 + len);
      if (payload[0] === 0xff) return done(null, `server refused: ${payload.subarray(3).toString('utf8').replace(/^#\w{5}/, '')}`);
      if (payload[0] !== 0x0a) return done(null, `unknown protocol version ${payload[0]}`);
      const end = payload.indexOf(0, 1);
      const raw = payload.subarray(1, end < 0 ? payload.length : end).toString('latin1');
      done(raw.replace(/^5\.5\.5-/, ''), null);
    });
  });
}

/** Adds handshake versions to the MySQL/MariaDB servers found, trying TCP first, then the unix socket. */
export async function addHandshakeVersions(servers: DiscoveredServer[], timeoutMs = 2000): Promise<void> {
  for (const s of servers) {
    if (s.engine === 'postgres') continue;
    const tries: ({ host: string; port: number } | { socket: string })[] = [
      ...s.listen.map((l) => ({ host: WILDCARD_ADDRESSES.has(l.address) ? (l.address === '::' ? '::1' : '127.0.0.1') : l.address, port: l.port })),
      ...s.unixSockets.map((p) => ({ socket: p })),
    ];
    for (const where of tries) {
      const { version } = await probeMysqlVersion(where, timeoutMs);
      if (version) {
        s.version = version;
        s.versionSource = 'handshake';
        if (/mariadb/i.test(version)) s.engine = 'mariadb';
        break;
      }
    }
  }
}
