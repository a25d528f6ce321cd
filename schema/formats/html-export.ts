import { delegationColour } from '../colours';
import type { ThreadSummary } from '../comments/anchors';
import { isSafeHref } from '../extensions';
import type { NodeJSON, Report } from '../json';
import { type LabelledItem, labelsByNode, subItemStyleOf } from '../labels';
import { proposedItem } from '../negotiation/views';
import type { MarkName, NodeName } from '../nodes/names';
import { referencesAsText } from '../references/resolve';
import { HTML_STYLE } from './html-style';

/** Escapes text and attribute values: nothing from a report ever reaches the page as markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface Context {
  labels: Map<NodeJSON, LabelledItem>;
}

type Renderer = (node: NodeJSON, context: Context) => string;

const children = (node: NodeJSON, context: Context): string =>
  (node.content ?? []).map((child) => render(child, context)).join('');

const anchor = (node: NodeJSON): string => {
  const id = node.attrs?.id;
  return typeof id === 'string' && id !== '' ? ` id="${escapeHtml(id)}" data-id="${escapeHtml(id)}"` : '';
};

/** A proposal drawn as the negotiation text shows it: who proposed it, in its delegation's colour. */
const proposal = (tag: 'ins' | 'del', verb: string) => (inner: string, attrs: Record<string, unknown>) => {
  const by = typeof attrs.by === 'string' ? attrs.by : '';
  return `<${tag} class="proposal" data-by="${escapeHtml(by)}" title="${escapeHtml(`${by} ${verb}`)}" style="--by:${delegationColour(by)}">${inner}</${tag}><sup class="by">${escapeHtml(by)}</sup>`;
};

const MARKS: Record<MarkName, (inner: string, attrs: Record<string, unknown>) => string> = {
  insertion: proposal('ins', 'proposes to add this'),
  deletion: proposal('del', 'proposes to delete this'),
  // Brackets are literal `[` `]` by the time a view reaches an exporter (negotiation/views.ts).
  bracket: (inner) => inner,
  bold: (inner) => `<strong>${inner}</strong>`,
  italic: (inner) => `<em>${inner}</em>`,
  underline: (inner) => `<u>${inner}</u>`,
  link: (inner, attrs) => (isSafeHref(attrs.href) ? `<a href="${escapeHtml(attrs.href)}">${inner}</a>` : inner),
  // Only present when the export asked for comments (otherwise taken off before): the words
  // highlighted, linking to their thread at the end of the page.
  comment: (inner, attrs) =>
    typeof attrs.thread === 'string'
      ? `<span class="comment" data-thread="${escapeHtml(attrs.thread)}">${inner}</span>`
      : inner,
};

/** One renderer per node type; TypeScript refuses the build until a new node type has one. */
const RENDERERS: Record<NodeName, Renderer> = {
  doc: (node, context) => children(node, context),
  heading: (node, context) => {
    const level = Math.min(Math.max(Number(node.attrs?.level) || 2, 1), 3) + 1;
    return `<h${level}>${children(node, context)}</h${level}>\n`;
  },
  paragraph: (node, context) => `<p>${children(node, context)}</p>`,
  agreementList: (node, context) => {
    const first = (node.content ?? [])[0];
    const number = first ? (context.labels.get(first)?.agreementNumber ?? 0) : 0;
    const start = first && proposedBy(first) ? number + 1 : number;
    const items = (node.content ?? []).map((item) => render(item, context));
    return `<ol class="agreements" start="${Math.max(start, 1)}">\n${items.join('')}</ol>\n`;
  },
  agreement: (node, context) => {
    const item = context.labels.get(node);
    const label = item?.label ?? '';
    const value = item && !item.proposed ? ` value="${item.agreementNumber}"` : '';
    return `<li class="agreement${proposedClass(node)}"${anchor(node)}${value} data-label="${escapeHtml(label)}"${proposedTitle(node)}><span class="label">${escapeHtml(label)}</span><div class="body">${children(node, context)}</div></li>\n`;
  },
  subItemList: (node, context) => {
    const style = subItemStyleOf(node);
    const items = (node.content ?? []).map((item) => render(item, context));
    return `<ol class="sub-items" type="a" data-style="${escapeHtml(style)}">\n${items.join('')}</ol>`;
  },
  subItem: (node, context) => {
    const label = context.labels.get(node)?.label ?? '';
    return `<li class="sub-item${proposedClass(node)}"${anchor(node)} data-label="${escapeHtml(label)}"${proposedTitle(node)}><span class="label">${escapeHtml(label)}</span><div class="body">${children(node, context)}</div></li>\n`;
  },
  // Replaced by its target's label before any exporter runs (references/resolve.ts).
  reference: () => '',
  text: (node) =>
    (node.marks ?? []).reduce(
      (inner, mark) => (MARKS[mark.type] ? MARKS[mark.type](inner, mark.attrs ?? {}) : inner),
      escapeHtml(node.text ?? ''),
    ),
};

function proposedBy(node: NodeJSON): string | null {
  return proposedItem(node)?.by ?? null;
}

const proposedClass = (node: NodeJSON): string => (proposedBy(node) ? ' proposed' : '');

const proposedTitle = (node: NodeJSON): string => {
  const by = proposedBy(node);
  return by ? ` data-by="${escapeHtml(by)}" title="${escapeHtml(`${by} proposes this`)}"` : '';
};

function render(node: NodeJSON, context: Context): string {
  const renderer = RENDERERS[node.type];
  return renderer ? renderer(node, context) : '';
}

export interface HtmlOptions {
  /** The page title. Default: the report's first heading, or "Report". */
  title?: string;
  /** A line under the title, such as "Approved on 2026-11-30 by the secretariat". */
  subtitle?: string;
  /** Comment threads to print after the report (`?comments=1`). */
  comments?: readonly ThreadSummary[];
}

/** The threads after the report: where each is, what it was about, every message as text. */
function commentsSection(threads: readonly ThreadSummary[]): string {
  if (threads.length === 0) return '';
  const items = threads.map((thread) => {
    const where = thread.detached ? `${thread.label || 'report'} (text deleted)` : thread.label;
    const state = thread.resolved ? ' <span class="resolved">resolved</span>' : '';
    const messages = thread.messages
      .map(
        (message) =>
          `<p class="message"><b>${escapeHtml(message.by)}</b> <time datetime="${escapeHtml(message.at)}">${escapeHtml(message.at.slice(0, 16).replace('T', ' '))}</time>: ${escapeHtml(message.text).replace(/\n/g, '<br>')}</p>`,
      )
      .join('');
    return `<article class="thread" id="comment-${escapeHtml(thread.id)}"><p class="on">On ${escapeHtml(where)}: “${escapeHtml(thread.quote)}”${state}</p>${messages}</article>`;
  });
  return `<section class="comments"><h2>Comments</h2>\n${items.join('\n')}\n</section>\n`;
}

/** A self-contained, print-ready HTML page: no scripts, no external resources, A4 print styles. */
export function exportHtml(written: Report, options: HtmlOptions = {}): string {
  // A reference links to its target's anchor (every item has its id as one).
  const report = { ...written, doc: referencesAsText(written.doc, (item) => (item.id ? `#${item.id}` : null)) };
  const firstHeading = (report.doc.content ?? []).find((block) => block.type === 'heading');
  const title = options.title ?? (firstHeading ? plain(firstHeading) : 'Report');
  const body = render(report.doc, { labels: labelsByNode(report.doc) });
  const subtitle = options.subtitle ? `<p class="status">${escapeHtml(options.subtitle)}</p>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Accord">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main class="report">
${subtitle}${body}${options.comments ? commentsSection(options.comments) : ''}</main>
</body>
</html>
`;
}

function plain(node: NodeJSON): string {
  return node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(plain).join('');
}
