/**
 * A stable, readable caret colour for a delegation: the same name always gets the same colour,
 * on every laptop and on the projector. Dark enough for white caret labels.
 */
const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bc5c00',
  '#3b5bdb',
  '#2b8a3e',
  '#c2255c',
  '#5f3dc4',
  '#0b7285',
  '#a61e4d',
  '#5c940d',
  '#862e9c',
];

export function delegationColour(name: string): string {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
