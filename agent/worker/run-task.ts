import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.js';
import type { TaskMap, TaskName } from './tasks.js';

export class TaskTimeoutError extends Error {
  readonly code = 'timeout';
  constructor(task: string, ms: number) {
    super(`${task} did not finish within ${ms} ms`);
    this.name = 'TaskTimeoutError';
  }
}

interface WorkerReply {
  ok: boolean;
  output?: unknown;
  error?: { isApp: boolean; code: string | null; message: string; meta: Record<string, unknown> };
}

const ENTRY = new URL('./task-entry.js', import.meta.url);

/**
 * Waits for the worker's one reply to the task it is running; rejects on `timeoutMs`, an
 * error or an exit. `done` is called once either way, before the promise settles, with
 * whether the worker replied.
 */
function awaitReply<K extends TaskName>(worker: Worker, task: K, timeoutMs: number, done: (replied: boolean) => void): Promise<TaskMap[K]['output']> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onMessage = (reply: WorkerReply) =>
      finish(true, () => {
        if (reply.ok) return resolve(reply.output as TaskMap[K]['output']);
        const e = reply.error!;
        if (e.isApp) reject(new AppError(e.code as ErrorCode, e.message, e.meta));
        else reject(Object.assign(new Error(e.message), e.code ? { code: e.code } : {}));
      });
    const onError = (err: Error) => finish(false, () => reject(err));
    const onExit = (code: number) => finish(false, () => reject(new Error(`${task} worker exited with code ${code}`)));
    const finish = (replied: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      done(replied);
      fn();
    };
    const timer = setTimeout(() => finish(false, () => reject(new TaskTimeoutError(task, timeoutMs))), timeoutMs);
    worker.once('message', onMessage).once('error', onError).once('exit', onExit);
  });
}

/**
 * Runs a task of tasks.ts in a fresh worker thread and resolves with its output. The
 * worker is terminated when it answers or when `timeoutMs` passes. AppErrors keep their
 * code across the thread boundary, so exit codes stay right. Buffers in `transfer` move
 * to the worker instead of being copied: the caller must not use them afterwards.
 */
export function runTask<K extends TaskName>(task: K, input: TaskMap[K]['input'], timeoutMs: number, transfer: ArrayBuffer[] = []): Promise<TaskMap[K]['output']> {
  const worker = new Worker(ENTRY, { workerData: { task, input }, transferList: transfer });
  return awaitReply(worker, task, timeoutMs, () => void worker.terminate());
}

/**
 * One worker thread that runs several tasks one after the other, so that the modules the
 * first one loaded (a database driver, say) are there for the next: for a one-shot
 * collection, whose window is short. The worker ends with `close`, or when a task does not
 * answer (timeout, crash). Between tasks it does not keep the process alive.
 */
export class TaskSession {
  private worker: Worker | null = new Worker(ENTRY, { workerData: { session: true } });

  constructor() {
    const worker = this.worker!;
    worker.unref();
    // A worker that fails between tasks is gone: the next run is refused at once instead of waiting for its timeout.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
  }

  run<K extends TaskName>(task: K, input: TaskMap[K]['input'], timeoutMs: number): Promise<TaskMap[K]['output']> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error(`${task}: the worker session is closed`));
    worker.ref();
    const reply = awaitReply(worker, task, timeoutMs, (replied) => {
      // Without a reply the worker is in an unknown state: end it.
      if (replied) worker.unref();
      else this.close();
    });
    worker.postMessage({ task, input });
    return reply;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }
}
