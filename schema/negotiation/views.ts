import type { DocJSON, MarkJSON, NodeJSON, Report } from '../json';
import { isProposalAttributes, type ProposalAttributes } from '../marks/proposal-attributes';

/**
 * The two ways a report under negotiation is read. `clean` (every export's default): the text as if
 * every open proposal were rejected — proposed words and items gone, words proposed for deletion
 * kept — with square brackets written as `[` `]`. `negotiation`: everything, proposals kept as marks
 * for each format to draw (CriticMarkup, `<ins>`/`<del>`, Word tracked changes), brackets as `[` `]`.
 */
export const EXPORT_VIEWS = ['clean', 'negotiation'] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];

export function isExportView(value: unknown): value is ExportView {
  return typeof value === 'string' && (EXPORT_VIEWS as readonly string[]).includes(value);
}

export function viewOf(report: Report, view: ExportView = 'clean'): Report {
  const doc = view === 'clean' ? cleanDoc(report.doc) : report.doc;
  return { ...report, doc: literalBrackets(doc) as DocJSON };
}

/** The proposal (insertion or deletion) a text node belongs to, if any. */
export function proposalOf(node: NodeJSON): { kind: 'insertion' | 'deletion'; attrs: ProposalAttributes } | null {
  for (const mark of node.marks ?? []) {
    if ((mark.type === 'insertion' || mark.type === 'deletion') && isProposalAttributes(mark.attrs))
      return { kind: mark.type, attrs: mark.attrs };
  }
  return null;
}

/** Whether an agreement or sub-item exists only as a proposal. */
export function proposedItem(node: NodeJSON): ProposalAttributes | null {
  const value = node.attrs?.insertion;
  return isProposalAttributes(value) ? value : null;
}

function cleanDoc(doc: DocJSON): DocJSON {
  const clean = (node: NodeJSON): NodeJSON | null => {
    if ((node.type === 'agreement' || node.type === 'subItem') && proposedItem(node)) return null;
    if (node.type === 'text') {
      const marks = node.marks ?? [];
      if (marks.some((mark) => mark.type === 'insertion')) return null;
      const kept = marks.filter((mark) => mark.type !== 'deletion');
      return { ...node, ...(kept.length > 0 ? { marks: kept } : { marks: undefined }) };
    }
    if (!node.content) return node;
    const content = node.content.map(clean).filter((child): child is NodeJSON => child !== null);
    // A list whose every item was a proposal goes with them (the schema wants at least one item).
    if ((node.type === 'subItemList' || node.type === 'agreementList') && content.length === 0) return null;
    return { ...node, content };
  };
  return (clean(doc) as DocJSON | null) ?? { type: 'doc', content: [] };
}

/**
 * Brackets as the report prints them: `[` before a bracketed span and `]` after it, as plain text
 * (the bracket mark itself dropped), so every format shows them without knowing the mark.
 */
function literalBrackets(node: NodeJSON): NodeJSON {
  if (!node.content) return node;
  if (!node.content.some((child) => child.type === 'text'))
    return { ...node, content: node.content.map(literalBrackets) };
  const out: NodeJSON[] = [];
  let open: string | null = null;
  for (const child of node.content) {
    const bracket = (child.marks ?? []).find((mark) => mark.type === 'bracket');
    const id = bracket && isProposalAttributes(bracket.attrs) ? bracket.attrs.id : null;
    if (open !== null && id !== open) out.push({ type: 'text', text: ']' });
    if (id !== null && id !== open) out.push({ type: 'text', text: '[' });
    open = id;
    out.push(bracket ? { ...child, marks: without(child.marks ?? [], 'bracket') } : child);
  }
  if (open !== null) out.push({ type: 'text', text: ']' });
  return { ...node, content: out };
}

function without(marks: MarkJSON[], type: string): MarkJSON[] | undefined {
  const kept = marks.filter((mark) => mark.type !== type);
  return kept.length > 0 ? kept : undefined;
}

/**
 * CriticMarkup for plain text: `{++inserted++}{>>Canada<<}` and `{--deleted--}{>>Mexico<<}`, one
 * pair of delimiters per proposal run (a run split by bold or a link is still one).
 */
export function criticMarkupRuns(nodes: readonly NodeJSON[], write: (nodes: NodeJSON[]) => string): string {
  let out = '';
  let index = 0;
  while (index < nodes.length) {
    const proposal = proposalOf(nodes[index]!);
    if (!proposal) {
      const plain: NodeJSON[] = [];
      while (index < nodes.length && !proposalOf(nodes[index]!)) plain.push(nodes[index++]!);
      out += write(plain);
      continue;
    }
    const run: NodeJSON[] = [];
    while (index < nodes.length && proposalOf(nodes[index]!)?.attrs.id === proposal.attrs.id) run.push(nodes[index++]!);
    const sign = proposal.kind === 'insertion' ? '++' : '--';
    out += `{${sign}${write(run)}${sign}}{>>${proposal.attrs.by}<<}`;
  }
  return out;
}
