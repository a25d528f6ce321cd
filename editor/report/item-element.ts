import { DOMSerializer, type Node as PMNode } from '@tiptap/pm/model';
import i18next from 'i18next';

/** An item's label (`4.`, `b)`) and its reference (`4`, `4.b`), as the shared numbering computes them. */
export interface Label {
  label: string;
  reference: string;
}

/** The live items on the page by the node each shows, and whether one was created without its label. */
export class Views extends Map<PMNode, LabelledItem> {
  created = false;
  readonly byElement = new WeakMap<HTMLElement, LabelledItem>();
}

/**
 * Attributes an item's element keeps when its node's attributes change: the label's, the caret's
 * (caret-item.ts), and the class that ProseMirror's node decorations put on it (under-discussion.ts).
 */
export const KEPT_ATTRIBUTES = new Set(['data-label', 'data-reference', 'data-holds-caret', 'class']);

/** The elements item views draw, in document order. */
export const ITEM_SELECTOR = 'li[data-type="agreement"], li[data-type="sub-item"]';

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

/**
 * An agreement's or sub-item's element — `<li>` with the schema's attributes, the label, and the box
 * for its content — registered with the live items so that labels can be written to it: the base of
 * the item node view (labels-plugin.ts) and of a placeholder (lazy-agreements.ts), which gives its
 * own few attributes instead of the schema's.
 */
export class LabelledItem {
  readonly dom: HTMLElement;
  protected readonly label: HTMLElement;
  protected readonly body: HTMLElement;
  private shown = '';
  private reference = '';

  constructor(
    protected node: PMNode,
    protected readonly views: Views,
    known: Label | undefined,
    attributes: ReadonlyMap<string, string> = renderedAttributes(node),
  ) {
    this.dom = itemElement();
    this.label = this.dom.firstChild as HTMLElement;
    this.body = this.dom.lastChild as HTMLElement;
    for (const [name, value] of attributes) this.dom.setAttribute(name, value);
    views.set(node, this);
    views.byElement.set(this.dom, this);
    if (known) this.setLabel(known.label, known.reference);
    else views.created = true;
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

  destroy(): void {
    if (this.views.get(this.node) === this) this.views.delete(this.node);
  }
}

/** The attributes of the element the schema renders a node as: read from its `toDOM` spec, no element built. */
export function renderedAttributes(node: PMNode): Map<string, string> {
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
