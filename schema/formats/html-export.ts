import { isSafeHref } from '../extensions';
import type { NodeJSON, Report } from '../json';
import { subItemStyleOf } from '../labels';
import type { MarkName, NodeName } from '../nodes/names';
import { agreementLabel, subItemLabel } from '../numbering';
import { HTML_STYLE } from './html-style';

/** Escapes text and attribute values: nothing from a report ever reaches the page as markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface Context {
  agreementNumber: number;
  subItemLabel?: string;
}

type Renderer = (node: NodeJSON, context: Context) => string;

const children = (node: NodeJSON, context: Context): string =>
  (node.content ?? []).map((child) => render(child, context)).join('');

const anchor = (node: NodeJSON): string => {
  const id = node.attrs?.id;
  return typeof id === 'string' && id !== '' ? ` id="${escapeHtml(id)}" data-id="${escapeHtml(id)}"` : '';
};

const MARKS: Record<MarkName, (inner: string, attrs: Record<string, unknown>) => string> = {
  bold: (inner) => `<strong>${inner}</strong>`,
  italic: (inner) => `<em>${inner}</em>`,
  underline: (inner) => `<u>${inner}</u>`,
  link: (inner, attrs) => (isSafeHref(attrs.href) ? `<a href="${escapeHtml(attrs.href)}">${inner}</a>` : inner),
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
    const start = context.agreementNumber + 1;
    const items = (node.content ?? []).map((item) => {
      context.agreementNumber += 1;
      return render(item, context);
    });
    return `<ol class="agreements" start="${start}">\n${items.join('')}</ol>\n`;
  },
  agreement: (node, context) => {
    const label = agreementLabel(context.agreementNumber);
    return `<li class="agreement"${anchor(node)} value="${context.agreementNumber}" data-label="${label}"><span class="label">${label}</span><div class="body">${children(node, context)}</div></li>\n`;
  },
  subItemList: (node, context) => {
    const style = subItemStyleOf(node);
    const items = (node.content ?? []).map((item, position) =>
      render(item, { ...context, subItemLabel: subItemLabel(position + 1, style) }),
    );
    return `<ol class="sub-items" type="a" data-style="${escapeHtml(style)}">\n${items.join('')}</ol>`;
  },
  subItem: (node, context) => {
    const label = context.subItemLabel ?? '';
    return `<li class="sub-item"${anchor(node)} data-label="${escapeHtml(label)}"><span class="label">${escapeHtml(label)}</span><div class="body">${children(node, context)}</div></li>\n`;
  },
  text: (node) =>
    (node.marks ?? []).reduce(
      (inner, mark) => (MARKS[mark.type] ? MARKS[mark.type](inner, mark.attrs ?? {}) : inner),
      escapeHtml(node.text ?? ''),
    ),
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
}

/** A self-contained, print-ready HTML page: no scripts, no external resources, A4 print styles. */
export function exportHtml(report: Report, options: HtmlOptions = {}): string {
  const firstHeading = (report.doc.content ?? []).find((block) => block.type === 'heading');
  const title = options.title ?? (firstHeading ? plain(firstHeading) : 'Report');
  const body = render(report.doc, { agreementNumber: 0 });
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
${subtitle}${body}</main>
</body>
</html>
`;
}

function plain(node: NodeJSON): string {
  return node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(plain).join('');
}
