import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Agreement, reportExtensions, type SubItemStyle, uniqueIdsPlugin } from '../../schema/index';
import type { Collaboration as Session } from './collaboration';
import { labelsPlugin } from './labels-plugin';
import { locksPlugin } from './locks-plugin';
import { pastePlugin } from './paste-plugin';

interface BehaviourOptions {
  isDelegate: () => boolean;
  onBlocked: (refusedText: string) => void;
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
      pastePlugin(),
      uniqueIdsPlugin(),
      locksPlugin(this.options.isDelegate, this.options.onBlocked),
    ];
  },
});

/** The schema's extensions, bound to the room: collaboration (with undo of one's own changes only) and carets. */
export function editorExtensions(
  collaboration: Session,
  user: { name: string; color: string },
  subItemStyle: () => SubItemStyle,
) {
  const isDelegate = () => collaboration.session.role === 'delegate';
  const onBlocked = (refusedText: string) =>
    collaboration.notify(
      'this agreement has been agreed and is locked: only the secretariat can change it',
      refusedText,
    );
  return [
    ...reportExtensions().map((extension) =>
      extension.name === 'agreement' ? Agreement.configure({ defaultSubItemStyle: subItemStyle }) : extension,
    ),
    ReportBehaviour.configure({ isDelegate, onBlocked }),
    Collaboration.configure({ document: collaboration.doc, field: 'report' }),
    CollaborationCaret.configure({ provider: collaboration.provider, user }),
  ];
}
