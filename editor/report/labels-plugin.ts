import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { forEachLabel, type TreeView } from '../../schema/index';

interface Positioned {
  node: PMNode;
  pos: number;
}

const VIEW: TreeView<Positioned> = {
  type: ({ node }) => node.type.name,
  attr: ({ node }, name) => node.attrs[name],
  children: ({ node, pos }) => {
    const children: Positioned[] = [];
    node.forEach((child, offset) => {
      children.push({ node: child, pos: pos + 1 + offset });
    });
    return children;
  },
};

interface LabelsState {
  decorations: DecorationSet;
  /** What the labels depend on: each agreement's sub-item count and list style, in order. */
  shape: string;
}

export const labelsKey = new PluginKey<LabelsState>('accordLabels');

/**
 * Shows each agreement's and sub-item's label (`4.`, `b)`, `(c)`), computed by the shared numbering
 * on every change: as `data-label` on the element and as visible text that assistive technology
 * reads (not CSS generated content), so the page says exactly what the text export says.
 */
export function labelsPlugin(): Plugin<LabelsState> {
  return new Plugin<LabelsState>({
    key: labelsKey,
    state: {
      init: (_config, state) => ({ decorations: build(state.doc), shape: shapeOf(state.doc) }),
      apply: (tr, previous) => {
        if (!tr.docChanged) return previous;
        // Local typing changes no label: the decorations are only moved, not rebuilt (keystroke-to-paint
        // in a 2,000-agreement report). A remote change arrives from the Yjs binding as a replacement
        // of the whole document, through which nothing can be mapped, so it rebuilds.
        const shape = shapeOf(tr.doc);
        const remote = tr.getMeta(ySyncPluginKey) !== undefined;
        if (shape === previous.shape && !remote)
          return { decorations: previous.decorations.map(tr.mapping, tr.doc), shape };
        return { decorations: build(tr.doc), shape };
      },
    },
    props: {
      decorations: (state) => labelsKey.getState(state)?.decorations,
    },
  });
}

function shapeOf(doc: PMNode): string {
  const parts: string[] = [];
  doc.forEach((block) => {
    if (block.type.name !== 'agreementList') {
      parts.push('|');
      return;
    }
    block.forEach((agreement) => {
      const list = agreement.lastChild?.type.name === 'subItemList' ? agreement.lastChild : null;
      parts.push(list ? `${list.childCount}${list.attrs.style}` : '0');
    });
  });
  return parts.join(',');
}

function build(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  forEachLabel<Positioned>({ node: doc, pos: -1 }, VIEW, ({ node, pos }, item) => {
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, { 'data-label': item.label, 'data-reference': item.reference }),
    );
    decorations.push(
      Decoration.widget(pos + 1, () => labelElement(item.label), {
        side: -1,
        ignoreSelection: true,
        key: `label:${item.reference}:${item.label}`,
      }),
    );
  });
  return DecorationSet.create(doc, decorations);
}

function labelElement(label: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'item-label';
  span.contentEditable = 'false';
  span.textContent = label;
  return span;
}
