import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView, NodeView } from '@tiptap/pm/view';
import i18next from 'i18next';
import { sameItems } from '../../../schema/index';
import { BROKEN_REFERENCE_TEXT, referenceTexts } from '../../../schema/references/labels';
import { NODES } from '../labels-plugin';

/** Every item's id → how a reference to it reads (`4 (b)`), computed again only when items moved. */
const referencesKey = new PluginKey<Map<string, string>>('accordReferences');

/**
 * Cross-references in the editor: each reference shows its target's current label (the node itself
 * stores only the target's id), as real text a screen reader reads, and as broken when the target is
 * gone. Typing `#` in the text opens the list of agreements to choose from (`onPick`); what is chosen
 * is inserted by the picker.
 */
export const ReferenceView = Extension.create<{ onPick: () => void }>({
  name: 'accordReferenceView',
  addOptions() {
    return { onPick: () => {} };
  },
  addProseMirrorPlugins() {
    const onPick = () => this.options.onPick();
    return [
      new Plugin<Map<string, string>>({
        key: referencesKey,
        state: {
          init: (_config, state) => referenceTexts(state.doc, NODES),
          apply: (transaction, texts, before, after) =>
            !transaction.docChanged || sameItems(before.doc, after.doc, true)
              ? texts
              : referenceTexts(after.doc, NODES),
        },
        props: {
          handleTextInput(view, _from, _to, text) {
            if (text !== '#' || !view.editable) return false;
            onPick();
            return true;
          },
        },
        view: () => ({
          update: (current, previous) => {
            const texts = referencesKey.getState(current.state);
            if (texts && texts !== referencesKey.getState(previous)) for (const shown of views) shown.draw(texts);
          },
        }),
      }),
    ];
  },
});

/** The reference views on the page: drawn again only when labels change (never a walk of the page). */
const views = new Set<ReferenceNodeView>();

/** A reference: its target's label as text (a leaf: ProseMirror does not look inside it). */
export class ReferenceNodeView implements NodeView {
  readonly dom: HTMLElement;
  private node: PMNode;

  constructor(node: PMNode, view: EditorView) {
    this.node = node;
    this.dom = document.createElement('span');
    this.dom.className = 'reference';
    this.dom.contentEditable = 'false';
    this.dom.dataset.reference = String(node.attrs.target ?? '');
    views.add(this);
    const texts = referencesKey.getState(view.state);
    if (texts) this.draw(texts);
  }

  draw(texts: ReadonlyMap<string, string>): void {
    const label = texts.get(String(this.node.attrs.target ?? ''));
    const shown = label ?? BROKEN_REFERENCE_TEXT;
    if (this.dom.textContent !== shown) this.dom.textContent = shown;
    this.dom.classList.toggle('broken', label === undefined);
    this.dom.title = label === undefined ? i18next.t('references.brokenHelp') : '';
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type || node.attrs.target !== this.node.attrs.target) return false;
    this.node = node;
    return true;
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    views.delete(this);
  }
}

/** The references in a document whose target is gone, with the label of the item holding each. */
export function brokenReferences(doc: PMNode): { label: string; pos: number }[] {
  let any = false;
  doc.descendants((node) => {
    if (any) return false;
    if (node.type.name === 'reference') any = true;
    return !node.isTextblock || node.childCount > 0;
  });
  if (!any) return [];
  const texts = referenceTexts(doc, NODES);
  const broken: { label: string; pos: number }[] = [];
  let owner = '';
  doc.descendants((node, pos) => {
    if (node.type.name === 'agreement' || node.type.name === 'subItem')
      owner = texts.get(node.attrs.id as string) ?? '';
    if (node.type.name === 'reference' && !texts.has(node.attrs.target as string)) broken.push({ label: owner, pos });
    return true;
  });
  return broken;
}
