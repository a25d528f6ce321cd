import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Agreement, reportExtensions, type SubItemStyle, uniqueIdsPlugin } from '../../schema/index';
import type { Collaboration as Session } from './collaboration';
import { labelsPlugin } from './labels-plugin';
import { pastePlugin } from './paste-plugin';

/** The report's behaviour in the browser: labels, paste, unique ids. */
const ReportBehaviour = Extension.create({
  name: 'reportBehaviour',
  addProseMirrorPlugins() {
    return [labelsPlugin(), pastePlugin(), uniqueIdsPlugin()];
  },
});

/** The schema's extensions, bound to the room: collaboration (with undo of one's own changes only) and carets. */
export function editorExtensions(
  collaboration: Session,
  user: { name: string; color: string },
  subItemStyle: () => SubItemStyle,
) {
  return [
    ...reportExtensions().map((extension) =>
      extension.name === 'agreement' ? Agreement.configure({ defaultSubItemStyle: subItemStyle }) : extension,
    ),
    ReportBehaviour,
    Collaboration.configure({ document: collaboration.doc, field: 'report' }),
    CollaborationCaret.configure({ provider: collaboration.provider, user }),
  ];
}
