import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView, NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import i18next from 'i18next';
import { forEachLabel, sameItems, type TreeView } from '../../schema/index';
import { ITEM_SELECTOR, KEPT_ATTRIBUTES, type Label, LabelledItem, renderedAttributes, Views } from './item-element';
import { isPlaceholder, PlaceholderView } from './lazy-agreements';

export const NODES: TreeView<PMNode> = {
  type: (node) => node.type.name,
  attr: (node, name) => node.attrs[name],
  children: (node) => node.children as PMNode[],
};

/** Each item's label, computed again only when a change moved items (see `sameItems`). */
const labelsKey = new PluginKey<Map<PMNode, Label>>('accordLabels');

function labelsOf(doc: PMNode): Map<PMNode, Label> {
  const labels = new Map<PMNode, Label>();
  forEachLabel(doc, NODES, (node, item) => labels.set(node, { label: item.label, reference: item.reference }));
  return labels;
}

/**
 * Shows each agreement's and sub-item's label (`4.`, `b)`, `(c)`), computed by the shared numbering:
 * as `data-label`/`data-reference` on the item and as visible text that assistive technology reads
 * (not CSS generated content), so the page says exactly what the text export says.
 *
 * Each item is drawn by a node view that owns its label: a new view takes its label from the
 * plugin's state as it is created (before ProseMirror puts it on the page), and one walk after a
 * change that moved items writes the labels that differ. Decorations (one per item) were the first
 * design: ProseMirror looks a child's decorations up by a linear scan of its parent's, so a list of
 * 2,000 agreements cost millions of steps on every keystroke; this costs a comparison per agreement
 * and touches the page only when a label really changes.
 */
export function labelsPlugin(): Plugin {
  const views = new Views();
  const relabel = (view: EditorView) => {
    views.created = false;
    const labels: (Label & { node: PMNode })[] = [];
    forEachLabel(view.state.doc, NODES, (node, item) =>
      labels.push({ node, label: item.label, reference: item.reference }),
    );
    // By place on the page, not by node: ProseMirror keeps a view whose node was replaced by an equal
    // one (a redo rebuilds items equal to those shown) without telling it, so a lookup by the new
    // node found nothing and those items kept their old numbers. The items are drawn in document
    // order, as forEachLabel visits them.
    const shown = view.dom.querySelectorAll<HTMLElement>(ITEM_SELECTOR);
    if (shown.length === labels.length) {
      for (const [i, { label, reference }] of labels.entries())
        views.byElement.get(shown[i]!)?.setLabel(label, reference);
      return;
    }
    for (const { node, label, reference } of labels) views.get(node)?.setLabel(label, reference);
  };
  return new Plugin({
    key: labelsKey,
    state: {
      init: (_config, state) => labelsOf(state.doc),
      apply: (tr, labels, before, after) =>
        tr.docChanged && !sameItems(before.doc, after.doc, false) ? labelsOf(after.doc) : labels,
    },
    props: {
      nodeViews: {
        agreement: (node, view) => {
          const labels = labelsKey.getState(view.state);
          return isPlaceholder(view.state, node)
            ? new PlaceholderView(node, views, labels)
            : new ItemView(node, views, labels?.get(node));
        },
        subItem: (node, view) => new ItemView(node, views, labelsKey.getState(view.state)?.get(node)),
      },
    },
    view: (view: EditorView) => {
      relabel(view);
      const sayWords = () => {
        for (const item of views.values()) item.sayWords();
      };
      i18next.on('languageChanged', sayWords);
      return {
        destroy: () => i18next.off('languageChanged', sayWords),
        update: (current, previous) => {
          // A keystroke changes no label: the walk runs only when the items changed place or number
          // (the state computed labels anew) or an item was drawn without a known label. It walks the
          // document itself, not the state's labels: a later change of the same update (an id made
          // unique) may have given a moved item a new node.
          // A document that had no items (the report arriving as the page opens) left no view with an
          // old label: each was drawn with its label just now.
          const before = labelsKey.getState(previous);
          if (views.created || (before !== labelsKey.getState(current.state) && before?.size !== 0)) relabel(current);
        },
      };
    },
  });
}

/** An agreement or sub-item: `<li>` with its schema attributes, the label, then the editable content. */
class ItemView extends LabelledItem implements NodeView {
  readonly contentDOM: HTMLElement = this.body;

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    if (!node.hasMarkup(node.type, this.node.attrs)) this.copyAttributes(node);
    if (this.views.get(this.node) === this) this.views.delete(this.node);
    this.node = node;
    this.views.set(node, this);
    return true;
  }

  /** The label and its attributes are this view's own writing, not an edit to read back. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    if (mutation.type === 'selection') return false;
    if (mutation.type === 'attributes' && mutation.target === this.dom) return true;
    return this.label.contains(mutation.target);
  }

  /** The attributes the schema renders for this node (type, id, status), keeping the label's own. */
  private copyAttributes(node: PMNode): void {
    const wanted = renderedAttributes(node);
    for (const { name } of [...this.dom.attributes])
      if (!wanted.has(name) && !KEPT_ATTRIBUTES.has(name)) this.dom.removeAttribute(name);
    for (const [name, value] of wanted) if (this.dom.getAttribute(name) !== value) this.dom.setAttribute(name, value);
  }
}
