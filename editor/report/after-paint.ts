/** A hidden tab draws no frames: the work runs after this long at the latest. */
const FALLBACK_MS = 100;

let queue: (() => void)[] = [];
let scheduled = false;
/** While the queue runs, what is added runs in the same turn: no frame is asked for it. */
let draining = false;
let fallback: ReturnType<typeof setTimeout> | null = null;

/**
 * Runs `task` once the browser has put the current frame on screen: the keystroke is shown first, and
 * what can wait a frame (writing it to Yjs, sending it, keeping the browser's copy, the caret sent to
 * others, the toolbar's state) follows instead of lengthening the keystroke. A frame callback then a
 * task: the task runs after that frame's paint. Tasks run in the order given, those added while they
 * run (a write to Yjs queues its sending) in the same turn.
 */
export function afterPaint(task: () => void): void {
  queue.push(task);
  if (scheduled || draining) return;
  scheduled = true;
  // Outside a page (Node: the soak's clients, tests) there are no frames: the next task.
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(runAfterPaintNow, 0);
    return;
  }
  fallback = setTimeout(runAfterPaintNow, FALLBACK_MS);
  requestAnimationFrame(() => setTimeout(runAfterPaintNow, 0));
}

/** Runs what waits for the next frame now (where order matters: before the others' changes are applied). */
export function runAfterPaintNow(): void {
  if (fallback) clearTimeout(fallback);
  fallback = null;
  scheduled = false;
  if (draining) return;
  draining = true;
  while (queue.length > 0) {
    const tasks = queue;
    queue = [];
    for (const task of tasks) {
      try {
        task();
      } catch (error) {
        // One failing task must not keep the others (a keystroke's sending) from running.
        reportError(error);
      }
    }
  }
  draining = false;
}
