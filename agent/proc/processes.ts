import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProcessInfo } from '../bundle/schema.js';
import { maskCommandLine } from './mask-secrets.js';

/** Bounds what one snapshot may hold, whatever the host runs. */
export const MAX_PROCESSES = 20_000;
export const MAX_CMDLINE_CHARS = 4096;

/** PF_KTHREAD in /proc/PID/stat flags: the task is a kernel thread. */
const PF_KTHREAD = 0x00200000;

export interface RawProcess {
  pid: number;
  ppid: number;
  uid: number | null;
  name: string;
  exe: string | null;
  exeDenied: boolean;
  argv: string[];
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks: with pid, it identifies the process across snapshots. */
  startTicks: number;
  rssPages: number;
  threads: number;
  isKernelThread: boolean;
}

export interface ProcessSnapshot {
  atMs: number;
  processes: Map<number, RawProcess>;
  truncated: number;
}

export interface ProcConstants {
  clockTicks: number;
  pageSize: number;
  bootTimeMs: number | null;
}

/** Parses /proc/PID/stat; the command name is in parentheses and may itself contain ") ". */
export function parsePidStat(text: string): Omit<RawProcess, 'uid' | 'exe' | 'exeDenied' | 'argv'> | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const name = text.slice(open + 1, close);
  // Fields after the name, numbered as in proc(5) from field 3 (state).
  const f = text.slice(close + 2).split(' ');
  const field = (n: number) => Number(f[n - 3] ?? 0);
  return {
    pid,
    ppid: field(4),
    name,
    cpuTicks: field(14) + field(15),
    startTicks: field(22),
    rssPages: field(24),
    threads: field(20),
    isKernelThread: (field(9) & PF_KTHREAD) !== 0 || pid === 2 || field(4) === 2,
  };
}

/**
 * The arguments in /proc/PID/cmdline (NUL-separated). A process that rewrote its title
 * (postgres, redis: setproctitle) leaves the title in the first slot, spaces and all, and the
 * rest of the old argument area as empty strings: the title is split at spaces and the empty
 * tail dropped, so it reads as `ps` shows it.
 */
export function parseCmdline(raw: string): string[] {
  const argv = raw.split('\0');
  while (argv.length > 0 && argv[argv.length - 1] === '') argv.pop();
  if (argv.length === 1 && /\s/.test(argv[0]!)) return argv[0]!.trim().split(/\s+/);
  return argv;
}

function readProcess(procRoot: string, pid: number): RawProcess | null {
  const dir = `${procRoot}/${pid}`;
  let base;
  try {
    base = parsePidStat(readFileSync(`${dir}/stat`, 'utf8'));
  } catch {
    return null; // exited between readdir and read
  }
  if (!base) return null;
  let uid: number | null = null;
  try {
    uid = statSync(dir).uid;
  } catch {
    uid = null;
  }
  let argv: string[] = [];
  try {
    const raw = readFileSync(`${dir}/cmdline`, 'utf8');
    argv = parseCmdline(raw);
  } catch {
    argv = [];
  }
  let exe: string | null = null;
  let exeDenied = false;
  if (!base.isKernelThread) {
    try {
      exe = readlinkSync(`${dir}/exe`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      exeDenied = code === 'EACCES' || code === 'EPERM';
    }
  }
  return { ...base, uid, exe, exeDenied, argv };
}

/** Reads every process from /proc. No child process; one small read per file. */
export function snapshotProcesses(procRoot = '/proc'): ProcessSnapshot {
  const processes = new Map<number, RawProcess>();
  let truncated = 0;
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    if (processes.size >= MAX_PROCESSES) {
      truncated++;
      continue;
    }
    const proc = readProcess(procRoot, Number(entry));
    if (proc) processes.set(proc.pid, proc);
  }
  return { atMs: Date.now(), processes, truncated };
}

/** uid → user name from /etc/passwd (no NSS lookups, which could spawn or block on LDAP). */
export function readUserNames(passwdFile = '/etc/passwd'): Map<number, string> {
  const out = new Map<number, string>();
  try {
    for (const line of readFileSync(passwdFile, 'utf8').split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid && /^\d+$/.test(uid)) out.set(Number(uid), name);
    }
  } catch {
    // No passwd file: users stay numeric.
  }
  return out;
}

/**
 * The bundle's process list from the latest snapshot, with CPU % averaged since the
 * first snapshot that saw the same process (same pid and start time).
 */
export function toProcessList(first: ProcessSnapshot | null, last: ProcessSnapshot, consts: ProcConstants, users: Map<number, string>): ProcessInfo[] {
  const wallSec = first ? (last.atMs - first.atMs) / 1000 : 0;
  const out: ProcessInfo[] = [];
  for (const p of last.processes.values()) {
    const before = first?.processes.get(p.pid);
    let cpuPct: number | null = null;
    if (before && before.startTicks === p.startTicks && wallSec > 0) {
      cpuPct = Math.round(((p.cpuTicks - before.cpuTicks) / consts.clockTicks / wallSec) * 10000) / 100;
    }
    const program = path.basename(p.exe ?? p.argv[0] ?? p.name);
    let cmdline = maskCommandLine(p.argv, program);
    if (cmdline.length > MAX_CMDLINE_CHARS) cmdline = `${cmdline.slice(0, MAX_CMDLINE_CHARS)}…`;
    out.push({
      pid: p.pid,
      ppid: p.ppid,
      uid: p.uid,
      user: p.uid === null ? null : (users.get(p.uid) ?? String(p.uid)),
      name: p.name,
      exe: p.exe === null ? null : p.exe.replace(/ \(deleted\)$/, ''),
      cmdline,
      cpuPct: cpuPct === null ? null : Math.max(0, cpuPct),
      rssBytes: p.rssPages * consts.pageSize,
      threads: p.threads,
      startedAt: consts.bootTimeMs === null ? null : new Date(consts.bootTimeMs + (p.startTicks / consts.clockTicks) * 1000).toISOString(),
      isKernelThread: p.isKernelThread,
    });
  }
  return out.sort((a, b) => a.pid - b.pid);
}
