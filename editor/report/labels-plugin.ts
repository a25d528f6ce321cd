import { DOMSerializer, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView, NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import i18next from 'i18next';
import { forEachLabel, sameItems, type TreeView } from '../../schema/index';

export const NODES: TreeView<PMNode> = {
  type: (node) => node.type.name,
  attr: (node, name) => node.attrs[name],
  children: (node) => node.children as PMNode[],
};

interface Label {
  label: string;
  reference: string;
}

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
        agreement: (node, view) => new ItemView(node, views, labelsKey.getState(view.state)?.get(node)),
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
          if (views.created || labelsKey.getState(current.state) !== labelsKey.getState(previous)) relabel(current);
        },
      };
    },
  });
}

/** The live item views by the node each shows, and whether one was created without its label. */
class Views extends Map<PMNode, ItemView> {
  created = false;
  readonly byElement = new WeakMap<HTMLElement, ItemView>();
}

/** The elements item views draw, in document order. */
const ITEM_SELECTOR = 'li[data-type="agreement"], li[data-type="sub-item"]';

/**
 * The element every item view starts from, cloned: `<li>`, its label (the words a screen reader
 * hears, hidden from sight, then the label itself) and the box for its content. One clone instead of
 * five element operations per item: a 2,000-agreement report builds all its items as it opens.
 */
let template: HTMLElement | null = null;
function itemElement(): HTMLElement {
  if (!template) {
    template = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'item-label';
    label.contentEditable = 'false';
    const words = document.createElement('span');
    words.className = 'visually-hidden';
    label.append(words, document.createTextNode(''));
    const body = document.createElement('div');
    body.className = 'item-body';
    template.append(label, body);
  }
  return template.cloneNode(true) as HTMLElement;
}

/**
 * What a screen reader hears before the label, in the interface's language: "agreement 2.",
 * "agreement 2, sub-item b." (the letter alone said nothing of its agreement). Translated once per
 * language, with a marker where the agreement's number goes: asking i18next for each of the items
 * a long report builds as it opens took a tenth of the opening (and, one call per agreement with
 * sub-items, ~30 ms of it still).
 */
const NUMBER = '\u0000';
let wordsLanguage: string | undefined;
let agreementWords = '';
let subItemWords: [before: string, after: string] = ['', ''];
function itemWords(reference: string): string {
  if (i18next.language !== wordsLanguage) {
    wordsLanguage = i18next.language;
    agreementWords = `${i18next.t('itemWords.agreement')} `;
    const [before = '', after = ''] = i18next.t('itemWords.subItem', { agreement: NUMBER }).split(NUMBER);
    subItemWords = [before, `${after} `];
  }
  const dot = reference.indexOf('.');
  return dot < 0 ? agreementWords : `${subItemWords[0]}${reference.slice(0, dot)}${subItemWords[1]}`;
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
    known: Label | undefined,
  ) {
    this.node = node;
    this.dom = itemElement();
    this.label = this.dom.firstChild as HTMLElement;
    this.contentDOM = this.dom.lastChild as HTMLElement;
    for (const [name, value] of renderedAttributes(node)) this.dom.setAttribute(name, value);
    views.set(node, this);
    views.byElement.set(this.dom, this);
    if (known) this.setLabel(known.label, known.reference);
    else views.created = true;
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
    this.sayWords();
    this.label.lastChild!.textContent = label;
    this.dom.setAttribute('data-label', label);
    this.dom.setAttribute('data-reference', reference);
  }

  /** The words before the label, again (the interface's language changed). */
  sayWords(): void {
    this.label.firstChild!.textContent = itemWords(this.reference);
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
    const wanted = renderedAttributes(node);
    for (const { name } of [...this.dom.attributes])
      if (!wanted.has(name) && name !== 'data-label' && name !== 'data-reference') this.dom.removeAttribute(name);
    for (const [name, value] of wanted) if (this.dom.getAttribute(name) !== value) this.dom.setAttribute(name, value);
  }
}

/** The attributes of the element the schema renders a node as: read from its `toDOM` spec, no element built. */
function renderedAttributes(node: PMNode): Map<string, string> {
  const spec = node.type.spec.toDOM?.(node);
  const wanted = new Map<string, string>();
  if (Array.isArray(spec)) {
    const attrs: unknown = spec[1];
    if (attrs && typeof attrs === 'object' && !Array.isArray(attrs) && !(attrs instanceof Node)) {
      for (const [name, value] of Object.entries(attrs)) if (value != null) wanted.set(name, String(value));
    }
  } else if (spec) {
    const rendered = DOMSerializer.renderSpec(document, spec).dom;
    if (rendered instanceof HTMLElement) for (const { name, value } of rendered.attributes) wanted.set(name, value);
  }
  return wanted;
}
