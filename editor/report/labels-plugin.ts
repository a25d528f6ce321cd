import { DOMSerializer, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView, NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import { forEachLabel, sameItems, type TreeView } from '../../schema/index';

const NODES: TreeView<PMNode> = {
  type: (node) => node.type.name,
  attr: (node, name) => node.attrs[name],
  children: (node) => node.children as PMNode[],
};

const labelsKey = new PluginKey('accordLabels');

/**
 * Shows each agreement's and sub-item's label (`4.`, `b)`, `(c)`), computed by the shared numbering:
 * as `data-label`/`data-reference` on the item and as visible text that assistive technology reads
 * (not CSS generated content), so the page says exactly what the text export says.
 *
 * Each item is drawn by a node view that owns its label, and one walk after each change writes the
 * labels that differ. Decorations (one per item) were the first design: ProseMirror looks a child's
 * decorations up by a linear scan of its parent's, so a list of 2,000 agreements cost millions of
 * steps on every keystroke; this walk costs one step per item and touches the page only when a
 * label really changes.
 */
export function labelsPlugin(): Plugin {
  const views = new Views();
  const relabel = (doc: PMNode) => {
    views.created = false;
    forEachLabel(doc, NODES, (node, item) => views.get(node)?.setLabel(item.label, item.reference));
  };
  return new Plugin({
    key: labelsKey,
    props: {
      nodeViews: {
        agreement: (node) => new ItemView(node, views),
        subItem: (node) => new ItemView(node, views),
      },
    },
    view: (view: EditorView) => {
      relabel(view.state.doc);
      return {
        update: (current, previous) => {
          // A keystroke changes no label: the walk runs only when the items changed place or number,
          // or an item was drawn anew (its view starts without a label).
          const doc = current.state.doc;
          if (views.created || !sameItems(previous.doc, doc, false)) relabel(doc);
        },
      };
    },
  });
}

/** The live item views by the node each shows, and whether one was created since the last walk. */
class Views extends Map<PMNode, ItemView> {
  created = false;
}

/** An agreement or sub-item: `<li>` with its schema attributes, the label, then the editable content. */
class ItemView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private readonly label: HTMLElement;
  private node: PMNode;
  private shown = '';
  private reference = '';

  constructor(
    node: PMNode,
    private readonly views: Views,
  ) {
    this.node = node;
    this.dom = document.createElement('li');
    this.copyAttributes(node);
    this.label = document.createElement('span');
    this.label.className = 'item-label';
    this.label.contentEditable = 'false';
    this.contentDOM = document.createElement('div');
    this.contentDOM.className = 'item-body';
    this.dom.append(this.label, this.contentDOM);
    views.set(node, this);
    views.created = true;
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    if (!node.hasMarkup(node.type, this.node.attrs)) this.copyAttributes(node);
    if (this.views.get(this.node) === this) this.views.delete(this.node);
    this.node = node;
    this.views.set(node, this);
    return true;
  }

  setLabel(label: string, reference: string): void {
    if (label === this.shown && reference === this.reference) return;
    this.shown = label;
    this.reference = reference;
    this.label.textContent = label;
    this.dom.setAttribute('data-label', label);
    this.dom.setAttribute('data-reference', reference);
  }

  /** The label and its attributes are this view's own writing, not an edit to read back. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    if (mutation.type === 'selection') return false;
    if (mutation.type === 'attributes' && mutation.target === this.dom) return true;
    return this.label.contains(mutation.target);
  }

  destroy(): void {
    if (this.views.get(this.node) === this) this.views.delete(this.node);
  }

  /** The attributes the schema renders for this node (type, id, status), keeping the label's own. */
  private copyAttributes(node: PMNode): void {
    const spec = node.type.spec.toDOM?.(node);
    const rendered = spec ? DOMSerializer.renderSpec(document, spec).dom : null;
    const wanted = new Map<string, string>();
    if (rendered instanceof HTMLElement) for (const { name, value } of rendered.attributes) wanted.set(name, value);
    for (const { name } of [...this.dom.attributes])
      if (!wanted.has(name) && name !== 'data-label' && name !== 'data-reference') this.dom.removeAttribute(name);
    for (const [name, value] of wanted) if (this.dom.getAttribute(name) !== value) this.dom.setAttribute(name, value);
  }
}
