/** Worker thread entry: runs one task from TASKS and posts its result or its error. */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { OUTPUT_TRANSFERS, TASKS, type TaskName } from './tasks.js';

const { task, input } = workerData as { task: TaskName; input: never };
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
