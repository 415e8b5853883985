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

/**
 * Runs a task of tasks.ts in a fresh worker thread and resolves with its output. The
 * worker is terminated when it answers or when `timeoutMs` passes. AppErrors keep their
 * code across the thread boundary, so exit codes stay right. Buffers in `transfer` move
 * to the worker instead of being copied: the caller must not use them afterwards.
 */
export function runTask<K extends TaskName>(task: K, input: TaskMap[K]['input'], timeoutMs: number, transfer: ArrayBuffer[] = []): Promise<TaskMap[K]['output']> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./task-entry.js', import.meta.url), { workerData: { task, input }, transferList: transfer });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new TaskTimeoutError(task, timeoutMs))), timeoutMs);
    worker.once('message', (reply: WorkerReply) =>
      finish(() => {
        if (reply.ok) return resolve(reply.output as TaskMap[K]['output']);
        const e = reply.error!;
        if (e.isApp) reject(new AppError(e.code as ErrorCode, e.message, e.meta));
        else reject(Object.assign(new Error(e.message), e.code ? { code: e.code } : {}));
      }),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`${task} worker exited with code ${code}`))));
  });
}
