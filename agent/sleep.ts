/** Waits until `deadline` (epoch ms) or until `abort` fires, whichever is first. */
export function sleepUntil(deadline: number, abort: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (abort.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
    function done() {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    }
    abort.addEventListener('abort', done, { once: true });
  });
}
