/** The stylesheet embedded in every HTML export: readable on screen, A4 with margins on paper. */
export const HTML_STYLE = `
@page { size: A4; margin: 25mm 20mm; }
body { font: 12pt/1.45 "Liberation Serif", "Times New Roman", Georgia, serif; color: #111; margin: 0; }
.report { max-width: 44em; margin: 2em auto; padding: 0 1.5em; }
h2, h3, h4 { font-size: 1.1em; text-align: center; margin: 1.4em 0 0.8em; }
p { margin: 0 0 0.6em; text-align: justify; }
ol { list-style: none; margin: 0 0 0.8em; padding: 0; }
li { display: flex; gap: 0.5em; margin: 0 0 0.5em; break-inside: avoid-page; }
li .label { flex: 0 0 2.2em; text-align: right; }
li .body { flex: 1; }
ol.sub-items { margin-top: 0.4em; }
ol.sub-items li .label { flex-basis: 2.4em; }
.status { font-style: italic; text-align: center; }
a { color: inherit; }
ins.proposal { text-decoration: underline 2px var(--by); background: color-mix(in srgb, var(--by) 12%, transparent); }
del.proposal { text-decoration: line-through 2px var(--by); color: #444; }
sup.by { font: 0.65em sans-serif; color: #333; margin: 0 0.2em; }
li.proposed > .label { flex-basis: 3.4em; font-style: italic; }
li.proposed > .body { border-left: 3px solid #888; padding-left: 0.4em; }
span.comment { background: #fff3bf; border-bottom: 2px solid #f59f00; }
section.comments { border-top: 1px solid #888; margin-top: 2em; font-size: 0.92em; }
article.thread { margin: 0 0 1em; break-inside: avoid-page; }
article.thread .on { font-style: italic; margin-bottom: 0.2em; }
article.thread .message { margin: 0 0 0.2em 1em; text-align: left; }
.resolved { font: 0.8em sans-serif; border: 1px solid #888; padding: 0 0.3em; }
@media print { .report { margin: 0; padding: 0; max-width: none; } }
`;
