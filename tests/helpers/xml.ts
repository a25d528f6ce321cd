/** One tag per line, indented by depth, ids normalised: a readable, stable snapshot of Office XML. */
export function prettyXml(xml: string): string {
  const tokens = xml
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/ xmlns:[a-z0-9]+="[^"]*"/g, '')
    .replace(/ mc:Ignorable="[^"]*"/g, '')
    .replace(/(r:id|w:id|w:rsid\w*)="[^"]*"/g, '$1="…"')
    .split(/(<[^>]+>)/)
    .filter((token) => token.trim() !== '');
  const lines: string[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.startsWith('</')) {
      depth -= 1;
      const last = lines.at(-1) ?? '';
      // <w:t>text</w:t> stays on one line.
      if (!last.trimStart().startsWith('<') && lines.length > 1) {
        const text = lines.pop()!.trim();
        lines[lines.length - 1] += `${text}${token}`;
      } else {
        lines.push(`${'  '.repeat(depth)}${token}`);
      }
    } else if (token.startsWith('<')) {
      lines.push(`${'  '.repeat(depth)}${token}`);
      if (!token.endsWith('/>')) depth += 1;
    } else {
      lines.push(`${'  '.repeat(depth)}${token}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
