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
