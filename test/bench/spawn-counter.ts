/**
 * Preload for the footprint bench (`node --import <this file> dist/agent/cli.js ...`):
 * counts every child process the agent starts, so the bench can tell spawns in steady
 * state from the few that static inventory makes at startup.
 *
 * It wraps the spawning functions of node:child_process on the CJS exports object (which
 * CommonJS callers such as systeminformation read at their require time, after this
 * preload) and then calls syncBuiltinESMExports() so that the ESM named exports, which
 * the agent's `import { execFile } from 'node:child_process'` binds to, are the
 * wrappers too. Each spawn appends "<epoch ms>\t<api>\t<command name>\t<command line>"
 * to the file named by SCOUT_BENCH_SPAWN_LOG.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as ChildProcessModule from 'node:child_process';

const API_NAMES = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
type ApiName = (typeof API_NAMES)[number];
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

const logFile = process.env.SCOUT_BENCH_SPAWN_LOG;

/**
 * exec() calls module.exports.execFile(), i.e. our wrapper, so one exec would count
 * twice. Calls made while a wrapper is already on the stack are therefore not counted:
 * the outermost call is the one the caller made, and it is the one that spawns.
 */
let depth = 0;

/**
 * The first command a shell line runs, skipping the `export LC_ALL=C;` preludes and
 * VAR=value assignments that systeminformation puts before the command that matters.
 */
function shellCommandName(line: string): string {
  for (const segment of line.split(/;|&&|\|\|?/)) {
    const words = segment.trim().split(/\s+/).filter((w) => w && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const word = words[0];
    if (word && word !== 'export' && word !== 'unset') return word;
  }
  return '';
}

/** Named like argv[0]: the file spawned, or for exec/execSync the shell line's command. */
function commandName(api: ApiName, first: unknown): string {
  const text = first instanceof URL ? first.pathname : String(first ?? '');
  const word = api === 'exec' || api === 'execSync' ? shellCommandName(text) : text;
  return path.basename(word) || '?';
}

function commandLine(api: ApiName, args: unknown[]): string {
  const [first, second] = args;
  const rest = Array.isArray(second) && api !== 'exec' && api !== 'execSync' ? second.map(String) : [];
  // One line per spawn: tabs and newlines of shell scripts would break the log format.
  return [String(first ?? ''), ...rest].join(' ').replace(/\s+/g, ' ').slice(0, 200);
}

function record(api: ApiName, args: unknown[]): void {
  if (!logFile) return;
  try {
    appendFileSync(logFile, `${Date.now()}\t${api}\t${commandName(api, args[0])}\t${commandLine(api, args)}\n`);
  } catch {
    // Counting must never change what the agent does: a lost line is the bench's problem.
  }
}

/** Counts the call if it is the outermost one, then does exactly what `original` does. */
function counting(api: ApiName, original: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]): unknown {
    if (depth === 0) record(api, args);
    depth++;
    try {
      return original.apply(this, args);
    } finally {
      depth--;
    }
  };
}

function wrap(api: ApiName, original: AnyFunction): AnyFunction {
  const wrapped = counting(api, original);
  // exec and execFile carry a util.promisify.custom that resolves { stdout, stderr } and
  // calls the unwrapped function from a closure: keep that result shape, and count it.
  const custom = (original as unknown as Record<symbol, unknown>)[promisify.custom];
  if (typeof custom === 'function') {
    Object.defineProperty(wrapped, promisify.custom, {
      value: counting(api, custom as AnyFunction),
      enumerable: false,
      writable: false,
      configurable: true,
    });
  }
  return wrapped;
}

const childProcess = createRequire(import.meta.url)('node:child_process') as typeof ChildProcessModule;
const exportsObject = childProcess as unknown as Record<string, unknown>;
for (const api of API_NAMES) {
  const original = exportsObject[api];
  if (typeof original === 'function') exportsObject[api] = wrap(api, original as AnyFunction);
}
syncBuiltinESMExports();
