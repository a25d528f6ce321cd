import { agreement, agreementList, doc, heading, paragraph, type Report, subItem, subItemList } from '../schema/index';

const WORDS =
  'take note of the progress report request the technical secretariat to circulate consolidate comments delegations regional coalition migrant smuggling trafficking persons cooperation protocol indicators implementation'.split(
    ' ',
  );

/** A deterministic pseudo-random sentence of about `length` characters. */
function sentence(seed: number, length: number): string {
  let state = seed * 2654435761;
  const words: string[] = [];
  let size = 0;
  while (size < length) {
    state = (state * 1103515245 + 12345) >>> 0;
    const word = WORDS[state % WORDS.length]!;
    words.push(word);
    size += word.length + 1;
  }
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** The large report of the benchmark: `count` agreements (~150 characters each), sub-items on every third. */
export function largeReport(count = 2000): Report {
  const agreements = Array.from({ length: count }, (_, i) =>
    agreement(
      [paragraph(sentence(i, 120))],
      i % 3 === 0
        ? subItemList(
            [0, 1, 2].map((j) => subItem([paragraph(sentence(i * 7 + j, 40))])),
            'a.',
          )
        : undefined,
    ),
  );
  return {
    doc: doc([heading('REPORT OF THE PLENARY'), paragraph(sentence(1, 300)), agreementList(agreements)]),
    settings: { subItemStyle: 'a.' },
  };
}

const DELEGATIONS = ['Belize', 'Canada', 'Costa Rica', 'El Salvador', 'Guatemala', 'Honduras', 'Mexico', 'Panama'];

/**
 * The same report under negotiation: `proposals` open proposals spread through it (every fourth
 * agreement, from the second), alternately an insertion of a few words and a deletion of a few, by
 * eight delegations in turn, and a proposed agreement (`bis`) every fortieth.
 */
export function largeReportWithProposals(count = 2000, proposals = 500): Report {
  const report = largeReport(count);
  const list = report.doc.content!.find((block) => block.type === 'agreementList')!;
  let made = 0;
  for (let i = 1; i < list.content!.length && made < proposals; i += 4) {
    const by = DELEGATIONS[made % DELEGATIONS.length]!;
    const attrs = { id: `p${made}`, by, at: '2026-12-03T10:00:00.000Z' };
    const paragraphNode = list.content![i]!.content![0]!;
    const text = paragraphNode.content![0]!.text!;
    const cut = text.indexOf(' ', 20);
    const mark = made % 2 === 0 ? 'insertion' : 'deletion';
    paragraphNode.content =
      mark === 'insertion'
        ? [
            { type: 'text', text: text.slice(0, cut) },
            { type: 'text', text: ' and its annexes', marks: [{ type: 'insertion', attrs }] },
            { type: 'text', text: text.slice(cut) },
          ]
        : [
            { type: 'text', text: text.slice(0, cut) },
            { type: 'text', text: text.slice(cut, cut + 12), marks: [{ type: 'deletion', attrs }] },
            { type: 'text', text: text.slice(cut + 12) },
          ];
    made += 1;
  }
  return report;
}
