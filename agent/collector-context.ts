import type { Logger } from 'pino';
import type { CollectorError, Limitation } from './bundle/schema.js';
import { errorMessage } from './errors.js';

export class CollectorTimeoutError extends Error {
  constructor(collector: string, ms: number) {
    super(`${collector} did not finish within ${ms} ms`);
    this.name = 'CollectorTimeoutError';
  }
}

/**
 * What the collectors of one bundle share: the log, the failures and the limitations.
 * A collector that throws or times out is recorded here and the others go on.
 */
export class CollectorContext {
  readonly errors: CollectorError[] = [];
  readonly limitations: Limitation[] = [];
  readonly log: Logger;
  readonly timeoutMs: number;

  constructor(log: Logger, timeoutMs: number) {
    this.log = log;
    this.timeoutMs = timeoutMs;
  }

  fail(collector: string, err: unknown): void {
    const code = err instanceof CollectorTimeoutError ? 'timeout' : ((err as NodeJS.ErrnoException)?.code ?? 'error');
    this.errors.push({ collector, code: String(code).toLowerCase(), message: errorMessage(err).slice(0, 1000), at: new Date().toISOString() });
    this.log.warn({ collector, code, err: errorMessage(err) }, 'collector failed');
  }

  limit(limitation: Limitation): void {
    const same = this.limitations.find((l) => l.collector === limitation.collector && l.code === limitation.code && l.message === limitation.message);
    if (same) {
      if (limitation.affected !== undefined) same.affected = Math.max(same.affected ?? 0, limitation.affected);
      return;
    }
    this.limitations.push(limitation);
    this.log.info({ collector: limitation.collector, code: limitation.code, affected: limitation.affected }, limitation.message);
  }

  /** Runs one collector under the timeout; on failure records it and returns the fallback. */
  async run<T>(collector: string, fn: () => Promise<T> | T, fallback: T, timeoutMs = this.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const fault = injectedFault(collector);
    if (fault === 'throw') fn = () => Promise.reject(new Error(`injected fault in ${collector}`));
    if (fault === 'hang') fn = () => new Promise<T>(() => undefined);
    try {
      const timeout = new Promise<never>((_, reject) => {
        // Not unref'd: in a worker thread this timer may be all that keeps the loop alive while a collector hangs.
        timer = setTimeout(() => reject(new CollectorTimeoutError(collector, timeoutMs)), timeoutMs);
      });
      return await Promise.race([Promise.resolve().then(fn), timeout]);
    } catch (err) {
      this.fail(collector, err);
      return fallback;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}

/**
 * Test hook: SCOUT_AGENT_TEST_FAULTS="packages:throw,services:hang" makes the named
 * collectors fail, so tests can check that a failure is recorded and the rest delivered.
 */
function injectedFault(collector: string): 'throw' | 'hang' | null {
  const spec = process.env.SCOUT_AGENT_TEST_FAULTS;
  if (!spec) return null;
  for (const item of spec.split(',')) {
    const [name, kind] = item.split(':');
    if (name === collector && (kind === 'throw' || kind === 'hang')) return kind;
  }
  return null;
}
