import { type AnyExtension, Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { Slice } from '@tiptap/pm/model';
import { Plugin, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import i18next from 'i18next';
import { Agreement, reportExtensions, type SubItemStyle, uniqueIdsPlugin } from '../../schema/index';
import type { Reference } from '../../schema/nodes/reference';
import { type AuthorshipOptions, AuthorshipView } from './authorship/authorship-plugin';
import { caretItemPlugin } from './caret-item';
import type { Collaboration as Session } from './collaboration';
import { CommentKeys } from './comments/comment-keys';
import { findPlugin } from './find-plugin';
import { leaveText } from './keyboard-regions';
import { labelsPlugin } from './labels-plugin';
import { lazyAgreementsPlugin } from './lazy-agreements';
import { locksPlugin } from './locks-plugin';
import { Negotiation, type NegotiationOptions } from './negotiation-extension';
import { pastePlugin } from './paste-plugin';
import { ReferenceNodeView, ReferenceView } from './references/reference-view';
import { typedScrollPlugin } from './typed-scroll';
import { writeTypingNow } from './typing-write';
import { underDiscussionPlugin } from './under-discussion';
import { undoStepsPlugin } from './undo-steps';

interface BehaviourOptions {
  isDelegate: () => boolean;
  onBlocked: (refusedText: string, agreementNumber: string) => void;
}

/** The report's behaviour in the browser: labels, paste, unique ids, locks mirrored for delegates. */
const ReportBehaviour = Extension.create<BehaviourOptions>({
  name: 'reportBehaviour',
  addOptions() {
    return { isDelegate: () => false, onBlocked: () => {} };
  },
  addProseMirrorPlugins() {
    return [
      labelsPlugin(),
      lazyAgreementsPlugin(),
      caretItemPlugin(),
      pastePlugin(),
      uniqueIdsPlugin(),
      locksPlugin(this.options.isDelegate, this.options.onBlocked),
      undoStepsPlugin(),
      findPlugin(),
      typedScrollPlugin(),
      underDiscussionPlugin(),
    ];
  },
});

/**
 * Undo and redo keys (and Esc, the way out of the text), before every other keymap. With nothing to redo, Collaboration's own
 * Shift-Mod-z returned false and ProseMirror then tried the key without Shift: Ctrl-Shift-Z undid
 * the last change. With nothing to undo, the browser's contenteditable undo would run. Both keys
 * always do exactly what they say, or nothing.
 */
const UndoKeys = Extension.create({
  name: 'accordUndoKeys',
  priority: 1000,
  addKeyboardShortcuts() {
    const run = (command: 'undo' | 'redo') => () => {
      // A run of typing still waiting for its frame is written first: it is what Ctrl-Z takes back
      // (Collaboration's command looks at the undo stack before undoing).
      writeTypingNow();
      this.editor.commands[command]();
      return true;
    };
    return {
      'Mod-z': run('undo'),
      'Shift-Mod-z': run('redo'),
      'Mod-y': run('redo'),
      // The way out of the text for a keyboard user (Tab shapes the structure inside it).
      Escape: () => leaveText(),
    };
  },
});

/** The schema's extensions, bound to the room: collaboration (with undo of one's own changes only) and carets. */
export function editorExtensions(
  collaboration: Session,
  user: { name: string; color: string },
  subItemStyle: () => SubItemStyle,
  negotiation: Omit<NegotiationOptions, 'onRefused' | 'subItemStyle'>,
  features: { onComment: () => void; onReference: () => void; authorship: AuthorshipOptions },
) {
  const isDelegate = () => collaboration.session.role === 'delegate';
  const onBlocked = (refusedText: string, agreementNumber: string) =>
    collaboration.notify(i18next.t('page.agreedLocked', { number: agreementNumber }), refusedText);
  return [
    ...reportExtensions().map((extension) => {
      if (extension.name === 'agreement') return Agreement.configure({ defaultSubItemStyle: subItemStyle });
      if (extension.name === 'link') return autolinkOwnTypingOnly(extension);
      // A reference draws its target's current label (references/reference-view.ts).
      if (extension.name === 'reference')
        return (extension as typeof Reference).extend({
          addNodeView:
            () =>
            ({ node, view }) =>
              new ReferenceNodeView(node, view),
        });
      return extension;
    }),
    ReportBehaviour.configure({ isDelegate, onBlocked }),
    Negotiation.configure({
      ...negotiation,
      onRefused: (reason, refusedText) => collaboration.notify(reason, refusedText),
      subItemStyle,
    }),
    UndoKeys,
    CommentKeys.configure({ onComment: features.onComment }),
    ReferenceView.configure({ onPick: features.onReference }),
    AuthorshipView.configure(features.authorship),
    Collaboration.configure({ document: collaboration.doc, field: 'report' }),
    CollaborationCaret.configure({ provider: collaboration.provider, user }),
  ];
}

/**
 * The link extension turns a typed address into a link (as a word processor does) by looking at the
 * text each change touched. A change from another delegation arrives as a replacement of the whole
 * document, so that look went over every paragraph of the report on every remote keystroke; the
 * delegation who typed the address has already made it a link, which arrives with the text.
 */
/**
 * A change that cannot end a typed address: text typed or deleted within a paragraph with no space
 * in it. The link extension makes a link only when the word before a space (or a new paragraph)
 * is an address, and finding that out cost a look at the changed ranges on every keystroke.
 */
function endsNoWord(transaction: Transaction): boolean {
  return transaction.steps.every((step) => {
    if (!(step instanceof ReplaceStep)) return false;
    const { slice } = step as unknown as { slice: Slice };
    if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
    let plain = true;
    slice.content.forEach((node) => {
      if (!node.isText || /\s/.test(node.text ?? '')) plain = false;
    });
    return plain;
  });
}

function autolinkOwnTypingOnly(link: AnyExtension): AnyExtension {
  return link.extend({
    addProseMirrorPlugins() {
      return (this.parent?.() ?? []).map((plugin: Plugin) => {
        const append = plugin.spec.appendTransaction;
        if (!append || !(plugin.spec.key as { key?: string } | undefined)?.key?.startsWith('autolink$')) return plugin;
        return new Plugin({
          ...plugin.spec,
          appendTransaction: (transactions, oldState, newState) =>
            transactions.some((transaction) => transaction.getMeta(ySyncPluginKey)) || transactions.every(endsNoWord)
              ? null
              : append.call(plugin, transactions, oldState, newState),
        });
      });
    },
  });
}
