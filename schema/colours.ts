/**
 * Caret colours: sixteen hues far apart, each dark enough for white label text at 4.5:1 or more
 * (WCAG 1.4.3; tested). `delegationColour` is a name's preferred one; the server gives the
 * participants of one room distinct colours (sync-server/room-colours.ts), starting from it.
 */
export const PALETTE = [
  '#1f5fa8',
  '#c0282d',
  '#1e7a34',
  '#7048b0',
  '#8c4a2f',
  '#b0306e',
  '#0b6e7d',
  '#a14d00',
  '#3b4fc4',
  '#5a6b00',
  '#9c1f5c',
  '#00698a',
  '#7a2a8c',
  '#475569',
  '#2d6a4f',
  '#8a3b12',
];

export function delegationColour(name: string): string {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
