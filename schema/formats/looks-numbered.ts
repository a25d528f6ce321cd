import { matchAgreementLine } from './text-lines';

/** Pasted text worth reading as a report: at least one line starts like an agreement (`1.`, `2)`). */
export function looksNumbered(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => matchAgreementLine(line.trim()) !== null);
}
