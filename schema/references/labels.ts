import type { DocJSON, NodeJSON } from '../json';
import { forEachLabel, type LabelledItem, type TreeView } from '../labels';

/**
 * How a reference reads: `4` for an agreement, `4 (b)` for a sub-item — the way reports cite their
 * own paragraphs whatever letter style the list uses — and `5 bis`, `4 (b bis)` for proposed items.
 */
export function referenceText(item: LabelledItem): string {
  const dot = item.reference.indexOf('.');
  return dot < 0 ? item.reference : `${item.reference.slice(0, dot)} (${item.reference.slice(dot + 1)})`;
}

/** Every agreement's and sub-item's id → how a reference to it reads now. */
export function referenceTexts<T>(root: T, view: TreeView<T>): Map<string, string> {
  const texts = new Map<string, string>();
  forEachLabel(root, view, (_node, item) => {
    if (item.id && !texts.has(item.id)) texts.set(item.id, referenceText(item));
  });
  return texts;
}

const JSON_VIEW: TreeView<NodeJSON> = {
  type: (node) => node.type,
  attr: (node, name) => node.attrs?.[name],
  children: (node) => node.content ?? [],
};

export function referenceTextsOf(doc: DocJSON): Map<string, string> {
  return referenceTexts(doc, JSON_VIEW);
}

/** What a broken reference reads, in the editor and in every export. */
export const BROKEN_REFERENCE_TEXT = '[missing paragraph]';

export interface ReferenceInfo {
  /** The agreement or sub-item the reference is written in (its id), and that item's label. */
  in: string | null;
  inLabel: string;
  target: string;
  /** The target's label now, or null when it no longer exists. */
  targetLabel: string | null;
}

/** Every reference of the report, in document order, with where it is and what it reads. */
export function listReferences(doc: DocJSON): ReferenceInfo[] {
  const texts = referenceTextsOf(doc);
  const found: ReferenceInfo[] = [];
  const visit = (node: NodeJSON, owner: string | null): void => {
    const id = typeof node.attrs?.id === 'string' ? node.attrs.id : null;
    const here = node.type === 'agreement' || node.type === 'subItem' ? id : owner;
    if (node.type === 'reference') {
      const target = typeof node.attrs?.target === 'string' ? node.attrs.target : '';
      found.push({
        in: here,
        inLabel: here ? (texts.get(here) ?? '') : 'preamble',
        target,
        targetLabel: texts.get(target) ?? null,
      });
    }
    for (const child of node.content ?? []) visit(child, here);
  };
  visit(doc, null);
  return found;
}
