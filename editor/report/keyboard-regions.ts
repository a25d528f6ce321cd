/**
 * The page's regions for the keyboard, in reading order: the header, the toolbar, the text, the
 * outline, the side panel. F6 moves to the next (Shift-F6 the previous), as in a word processor or
 * a browser; Esc in the text goes to the toolbar. Inside the text Tab shapes the structure (as in a
 * word processor), so these are the documented ways out of it.
 */
const REGIONS = ['.report-header', '.toolbar', '.report-editor', '.outline', '.side'];

const FOCUSABLE =
  'button:not([disabled]), a[href], input, select, textarea, summary, [contenteditable="true"], [tabindex="0"]';

function focusIn(selector: string): boolean {
  const region = document.querySelector<HTMLElement>(selector);
  if (!region) return false;
  const target = region.matches('[contenteditable]') ? region : region.querySelector<HTMLElement>(FOCUSABLE);
  if (!target) return false;
  target.focus();
  return document.activeElement === target;
}

/** Moves focus to the next (or previous) region that has something to focus. */
export function cycleRegion(backwards: boolean): void {
  const present = REGIONS.filter((selector) => document.querySelector(selector));
  const current = present.findIndex((selector) => document.activeElement?.closest(selector));
  for (let step = 1; step <= present.length; step++) {
    const index = (current + (backwards ? -step : step) + present.length * 2) % present.length;
    if (focusIn(present[index]!)) return;
  }
}

/** Esc from the text: to the toolbar, or (no toolbar: an observer, an approved report) the header. */
export function leaveText(): boolean {
  return focusIn('.toolbar') || focusIn('.report-header');
}
