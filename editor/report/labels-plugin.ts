import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
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

export const labelsKey = new PluginKey<DecorationSet>('accordLabels');

/**
 * Shows each agreement's and sub-item's label (`4.`, `b)`, `(c)`), computed by the shared numbering
 * on every change: as `data-label` on the element and as visible text that assistive technology
 * reads (not CSS generated content), so the page says exactly what the text export says.
 */
export function labelsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: labelsKey,
    state: {
      init: (_config, state) => build(state.doc),
      apply: (tr, previous) => (tr.docChanged ? build(tr.doc) : previous),
    },
    props: {
      decorations: (state) => labelsKey.getState(state),
    },
  });
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
        key: `label:${item.label}`,
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
