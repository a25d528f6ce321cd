/**
 * Runs `task` when the browser is idle — after a frame, in the gap before the next input — and at
 * most `timeoutMs` later on a page that is never idle; returns a cancel. Without requestIdleCallback,
 * in the next task.
 */
export function whenIdle(task: () => void, timeoutMs: number): () => void {
  if (typeof window.requestIdleCallback !== 'function') {
    const timer = setTimeout(task, 0);
    return () => clearTimeout(timer);
  }
  const handle = window.requestIdleCallback(task, { timeout: timeoutMs });
  return () => window.cancelIdleCallback(handle);
}
