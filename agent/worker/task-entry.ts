/**
 * Worker thread entry: runs one task from TASKS and posts its result or its error. A
 * session worker (workerData without a task, see openTaskSession) instead runs each task
 * posted to it, one at a time, until it is terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { OUTPUT_TRANSFERS, TASKS, type TaskName } from './tasks.js';

interface TaskRequest {
  task: TaskName;
  input: never;
}

async function runOne({ task, input }: TaskRequest): Promise<void> {
  try {
    const output = await TASKS[task](input);
    const transfers = OUTPUT_TRANSFERS[task] as ((out: typeof output) => ArrayBuffer[]) | undefined;
    parentPort!.postMessage({ ok: true, output }, transfers?.(output) ?? []);
  } catch (err) {
    const e = err as Error & { code?: unknown };
    parentPort!.postMessage({
      ok: false,
      error: { isApp: err instanceof AppError, code: e?.code ?? null, message: e?.message ?? String(err), meta: err instanceof AppError ? err.meta : {} },
    });
  }
}

const request = workerData as TaskRequest | { session: true };
if ('task' in request) await runOne(request);
else parentPort!.on('message', (next: TaskRequest) => void runOne(next));
