import type { SubItemStyle } from '../numbering';

/**
 * The letter style of each Word-numbered paragraph, read from the document's own numbering: a
 * paragraph's `w:numPr` names a numbering instance (`w:numId`) and a level (`w:ilvl`); the
 * instance points at an abstract definition (or overrides a level) whose `w:lvlText` says how the
 * label is written: `%2.` → `a.`, `%2)` → `a)`, `(%2)` → `(a)`. Word, LibreOffice and Accord all
 * write it so. Returns one entry per numbered paragraph of the body, in document order (tables,
 * which a report cannot hold, left out), with null where the style is not a letter style.
 */
export function numberedParagraphStyles(documentXml: string, numberingXml: string | null): (SubItemStyle | null)[] {
  const levels = numberingXml ? levelTexts(numberingXml) : new Map<string, string>();
  const body = documentXml.replace(/<w:tbl\b[\s\S]*?<\/w:tbl>/g, '');
  const styles: (SubItemStyle | null)[] = [];
  for (const match of body.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)) {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(match[1]!)?.[1];
    if (!numPr) continue;
    const numId = /<w:numId w:val="(\d+)"/.exec(numPr)?.[1];
    const ilvl = /<w:ilvl w:val="(\d+)"/.exec(numPr)?.[1] ?? '0';
    // numId 0 means "no numbering" in Word.
    if (!numId || numId === '0') continue;
    styles.push(styleOf(levels.get(`${numId}/${ilvl}`)));
  }
  return styles;
}

/** `numId/ilvl` → lvlText, for letter-numbered levels only. */
function levelTexts(numberingXml: string): Map<string, string> {
  const abstract = new Map<string, Map<string, string>>();
  for (const match of numberingXml.matchAll(
    /<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g,
  ))
    abstract.set(match[1]!, letterLevels(match[2]!));
  const result = new Map<string, string>();
  for (const match of numberingXml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const [, numId, inner] = match as unknown as [string, string, string];
    const abstractId = /<w:abstractNumId w:val="(\d+)"/.exec(inner)?.[1];
    const levels = new Map(abstractId ? abstract.get(abstractId) : undefined);
    for (const override of inner.matchAll(/<w:lvlOverride\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const overridden = letterLevels(override[2]!);
      for (const [level, text] of overridden) levels.set(level, text);
    }
    for (const [level, text] of levels) result.set(`${numId}/${level}`, text);
  }
  return result;
}

function letterLevels(definition: string): Map<string, string> {
  const levels = new Map<string, string>();
  for (const match of definition.matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
    const inner = match[2]!;
    if (!/<w:numFmt w:val="lowerLetter"/.test(inner)) continue;
    const text = /<w:lvlText w:val="([^"]*)"/.exec(inner)?.[1];
    if (text !== undefined) levels.set(match[1]!, text);
  }
  return levels;
}

function styleOf(levelText: string | undefined): SubItemStyle | null {
  if (levelText === undefined) return null;
  const shape = levelText.replace(/%\d/, '%');
  if (shape === '(%)') return '(a)';
  if (shape === '%)') return 'a)';
  if (shape === '%.') return 'a.';
  return null;
}
