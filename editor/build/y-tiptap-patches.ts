import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Build-time changes to @tiptap/y-tiptap 3.0.9 (the binding TipTap's Collaboration uses), for
 * typing in long reports while others type too. Each removes work whose outcome is already known
 * (what the binding does one level up, did in earlier versions, or can see has not changed); the build fails if the code they expect is not there, so a
 * new version of the binding cannot silently lose (or break) them.
 *
 * 1. Remote changes. For each change from another delegation the binding forgets the ProseMirror
 * nodes of the Yjs types that changed (and their parents), then — new in 3.0.9 — forgets all the
 * others too, so it rebuilds every node of the document and ProseMirror compares each new agreement
 * with the one on screen, deeply. With 20 delegations typing into a 2,000-agreement report this took
 * the tab ~400 ms per remote keystroke and it stopped answering. Unchanged Yjs types keep their
 * nodes (as in y-prosemirror): only what changed is rebuilt, and positions still resolve, since
 * every node kept is the same size it was.
 *
 * 2. Carets. After every remote change a focused editor sends this delegation's caret again, even when
 * it has not moved (its position is relative to the text, so a change elsewhere cannot move it):
 * in a room of N delegations each keystroke made N − 1 editors resend their caret to everyone,
 * N² messages. The caret is sent when it moves, as it always was.
 *
 * 3. Local changes. After each local change the binding finds which children of a node changed by comparing each
 * Yjs child with its ProseMirror child from both ends. An unchanged child is recognised at once when
 * the binding's own mapping still points at the same ProseMirror node — but only at the level being
 * reconciled: one level down (`equalYTypePNode`) it compares the whole subtree text by text. Every
 * keystroke in a 2,000-agreement report therefore compared the entire agreement list twice (~18 ms).
 *
 * The change lets that comparison accept the same proof: a Yjs type mapped to this very ProseMirror
 * node is equal to it (the binding forgets a mapping as soon as the Yjs type changes), exactly the
 * test `mappedIdentity` applies one level up.
 *
 * 4. Caret positions. Every local change and caret move turns the ProseMirror selection into a Yjs
 * relative position (`absolutePositionToRelativePosition`) by walking the Yjs children one by one from
 * the start of each level, looking each one's size up in the mapping: in agreement 1,000 of 2,000 that
 * is a thousand linked-list steps and map lookups, several times a keystroke (the first JS function in
 * the keystroke profile, `npm run bench:profile`). Where the parent's ProseMirror node is mapped and has
 * many children, the child is found by ProseMirror's own offsets and taken from Yjs by index (Yjs keeps
 * search markers for that); it is used only if the mapping agrees that it is that very node, else the
 * walk runs as before.
 *
 * 5. Own caret, others redrawn. Every change of presence — one's own caret too — made the caret plugin
 * dispatch a second transaction to redraw the other delegations' carets, each found again in the
 * document, and every plugin ran again. One's own caret is never drawn: a change that is only one's
 * own presence redraws nothing — unless the others' carets are hidden: after one's own change that
 * moves items the plugin hides them until they can be placed again, which one's own next caret
 * (sent once the change is in Yjs) has always triggered. Typing a key was two transactions; it is one.
 *
 * 6. Nothing to write. After every transaction, also one that changed only the selection or the carets,
 * the binding reconciled the whole document with Yjs in a Yjs transaction of its own (a walk of the
 * agreement list at each level, the undo manager's and the document's handlers). A transaction that
 * left the document as it was (the same node) has nothing to write: it is skipped. The selection the
 * binding restores after a remote change is taken at the start of that change, not here.
 *
 * 7. Other delegations' carets. Each caret is drawn by turning its Yjs position back into a document
 * position, walking, at every level, the Yjs siblings before it from the first (deleted ones too) and
 * looking each one's size up: for a caret in agreement 1,000 of 2,000, a thousand steps, for every
 * caret, each time carets are redrawn — after every remote keystroke and every caret move, so with
 * 20 delegations typing, tens of thousands of steps per change. Where the parent's ProseMirror node is
 * mapped, has many children and as many as the Yjs parent, the offset is summed from ProseMirror's own
 * children up to the mapped child; anything else walks as before.
 *
 * 8. One agreement typed in. After each local change the binding reconciled every level it passed
 * through by listing all its Yjs children (a walk of the linked list, deleted items included), all
 * its ProseMirror children, and matching them pairwise from both ends: at the agreement list, 2,000
 * of each per keystroke — and one level up, at the document, it compared the whole list with
 * Yjs and measured how alike the two lists were from both ends, twice. When a container was in step
 * with Yjs before this change (its mapped node is the previous one, with as many children as the
 * Yjs type) and exactly one child differs from that node, the binding's own path ends by updating
 * that one child in place — which is what is done at once, reaching it by index (Yjs's search
 * markers). Anything else (children added, removed or moved, another node type, text) takes the
 * binding's own path.
 *
 * 9. One's own caret after the frame. The caret plugin turned the selection into Yjs positions and
 * told everyone (with every presence listener of the page) inside each keystroke; it now does so
 * once the keystroke is painted, once per frame however often the caret moved
 * (editor/report/after-paint.ts) — and not after the others' changes or presence redraws, which
 * leave one's caret where it is in the text (patch 2 already stopped resending it then).
 *
 * 10. A run of typing written after the frame. The binding wrote each change to Yjs inside it; a
 * change that only types in the paragraph of the current run is written once the frame showing it is
 * painted, and anything else writes it first (editor/report/typing-write.ts says when). The binding
 * is closed only after what is pending is written.
 *
 * 11. Others' carets drawn once per batch. Each presence change of another delegation was a
 * transaction of its own placing every caret again; the changes that arrive together (the editor
 * applies the others' changes and presence in batches, editor/report/remote-batch.ts) are drawn in
 * one, at the end of the task that applied them.
 */
const FILE = /@tiptap[\\/]y-tiptap[\\/]dist[\\/]y-tiptap\.js$/;
const REPORT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'report');
/** What the patched module imports from the editor (absolute paths: the module lives in node_modules). */
const IMPORTS = [
  `import { afterPaint as accordAfterPaint } from ${JSON.stringify(join(REPORT, 'after-paint.ts'))};`,
  `import { writeTyping as accordWriteTyping, writeTypingNow as accordWriteTypingNow } from ${JSON.stringify(join(REPORT, 'typing-write.ts'))};`,
].join('\n');

const PATCHES: [find: string, replace: string][] = [
  [
    '      // current node sizes after structural changes (e.g. drag-and-drop block moves).\n      this.mapping.clear();\n',
    '      // current node sizes after structural changes (e.g. drag-and-drop block moves).\n      // (Accord: unchanged types keep their nodes; see editor/build/y-tiptap-patches.ts.)\n',
  ],
  ['          const forceAwarenessUpdate = !!(\n', '          const forceAwarenessUpdate = false && !!(\n'],
  [
    'const equalYTypePNode = (ytype, pnode) => {\n',
    'let accordMapping = null;\nconst equalYTypePNode = (ytype, pnode) => {\n  if (accordMapping !== null && accordMapping.get(ytype) === pnode) return true\n',
  ],
  [
    'const updateYFragment = (y, yDomFragment, pNode, meta) => {\n',
    'const updateYFragment = (y, yDomFragment, pNode, meta) => {\n  accordMapping = meta.mapping;\n',
  ],
  [
    'const absolutePositionToRelativePosition = (pos, type, mapping) => {\n',
    `const accordJump = (parent, pos, mapping) => {
  const pNode = mapping.get(parent);
  if (pNode == null || Array.isArray(pNode) || pNode.isTextblock || pNode.childCount < 16 || pos < 0 || pos >= pNode.content.size) return null
  const found = pNode.content.findIndex(pos);
  if (found.index >= pNode.childCount) return null
  const index = found.index;
  const offset = found.offset;
  const child = parent.get(index);
  if (child == null || mapping.get(child) !== pNode.child(index)) return null
  return [child, pos - offset]
};
const absolutePositionToRelativePosition = (pos, type, mapping) => {\n`,
  ],
  [
    '      if (n._first !== null && pos < pNodeSize) {\n        n = /** @type {Y.ContentType} */ (n._first.content).type;\n        pos--;\n      } else {\n',
    '      if (n._first !== null && pos < pNodeSize) {\n        const accordJumped = accordJump(n, pos - 1, mapping);\n        if (accordJumped !== null) {\n          n = accordJumped[0];\n          pos = accordJumped[1];\n        } else {\n        n = /** @type {Y.ContentType} */ (n._first.content).type;\n        pos--;\n        }\n      } else {\n',
  ],
  [
    '      const awarenessListener = () => {\n',
    '      const awarenessListener = ({ added, updated, removed }) => {\n        if (!accordHidden.has(awareness) && added.length + updated.length + removed.length === 1 && [...added, ...updated, ...removed][0] === awareness.clientID) return\n',
  ],
  [
    '          // Hide stale awareness until the collaborator publishes its new cursor.\n          return DecorationSet.empty\n',
    '          // Hide stale awareness until the collaborator publishes its new cursor.\n          accordHidden.add(awareness);\n          return DecorationSet.empty\n',
  ],
  [
    '        if (\n          isRemoteChange ||\n          (yCursorState && yCursorState.awarenessUpdated)\n        ) {\n          return createDecorations(\n',
    '        if (\n          isRemoteChange ||\n          (yCursorState && yCursorState.awarenessUpdated)\n        ) {\n          accordHidden.delete(awareness);\n          return createDecorations(\n',
  ],
  ['const yCursorPlugin = (\n', 'const accordHidden = new WeakSet();\nconst yCursorPlugin = (\n'],
  [
    '        update: () => {\n          const pluginState = plugin.getState(view.state);\n',
    '        update: (_view, prevState) => {\n          const pluginState = plugin.getState(view.state);\n          const accordUnchanged = prevState != null && prevState.doc === view.state.doc;\n',
  ],
  [
    '              binding.mux(() => {\n                /** @type {Y.Doc} */ (pluginState.doc).transact((tr) => {\n',
    '              if (!accordUnchanged) binding.mux(() => {\n                /** @type {Y.Doc} */ (pluginState.doc).transact((tr) => {\n',
  ],
  [
    'const relativePositionToAbsolutePosition = (y, documentType, relPos, mapping) => {\n',
    `const accordOffsetOf = (parent, type, mapping) => {
  const pParent = mapping.get(parent);
  const pChild = mapping.get(type);
  if (pParent == null || pChild == null || Array.isArray(pParent) || Array.isArray(pChild) || pParent.isTextblock || pParent.childCount < 16 || pParent.childCount !== parent._length) return null
  const children = pParent.content.content;
  const index = children.indexOf(pChild);
  if (index < 0) return null
  let offset = 0;
  for (let i = 0; i < index; i++) offset += children[i].nodeSize;
  return offset
};
const relativePositionToAbsolutePosition = (y, documentType, relPos, mapping) => {\n`,
  ],
  [
    '      pos += 1; // the start tag\n      let n = /** @type {Y.AbstractType} */ (parent)._first;\n',
    '      pos += 1; // the start tag\n      const accordOffset = accordOffsetOf(parent, type, mapping);\n      if (accordOffset !== null) pos += accordOffset;\n      let n = accordOffset === null ? /** @type {Y.AbstractType} */ (parent)._first : null;\n',
  ],
  [
    '  accordMapping = meta.mapping;\n',
    '  accordMapping = meta.mapping;\n  const accordOld = meta.mapping.get(yDomFragment);\n',
  ],
  [
    '  // update children\n  const pChildren = normalizePNodeContent(pNode);\n',
    '  // update children\n  if (accordOld != null && accordOneChildChanged(y, yDomFragment, accordOld, pNode, meta)) return\n  const pChildren = normalizePNodeContent(pNode);\n',
  ],
  [
    'const reconcileMappedChildren = (y, yDomFragment, pChildren, yChildren, meta) => {\n',
    `const accordOneChildChanged = (y, yDomFragment, old, pNode, meta) => {
  if (Array.isArray(old) || pNode.isTextblock || pNode.inlineContent) return false
  const count = pNode.childCount;
  if (old.childCount !== count || yDomFragment._length !== count) return false
  let changed = -1;
  for (let i = 0; i < count; i++) {
    if (pNode.child(i) === old.child(i)) continue
    if (changed !== -1) return false
    changed = i;
  }
  if (changed === -1) return true
  const pChild = pNode.child(changed);
  const yChild = yDomFragment.get(changed);
  if (!(yChild instanceof Y.XmlElement) || pChild.isInline || meta.mapping.get(yChild) !== old.child(changed) || yChild.nodeName !== pChild.type.name) return false
  updateYFragment(y, yChild, pChild, meta);
  return true
};
const reconcileMappedChildren = (y, yDomFragment, pChildren, yChildren, meta) => {\n`,
  ],
  [
    '          updateCursorInfo(editorView, { force: forceAwarenessUpdate });\n        },\n        destroy: () => {\n',
    `          // The others' changes leave one's caret where it is in the text (its Yjs position is
          // relative), as do presence redraws: only one's own changes and moves are sent.
          const accordMoved = prevState == null || prevState.selection !== editorView.state.selection || prevState.doc !== editorView.state.doc;
          if (accordMoved && !(ystate && ystate.isChangeOrigin) && !accordCaretDue) {
            accordCaretDue = true;
            accordAfterPaint(() => {
              accordCaretDue = false;
              if (!accordClosed) updateCursorInfo(view);
            });
          }
        },
        destroy: () => {
          accordClosed = true;\n`,
  ],
  [
    '      const onFocusChange = () => updateCursorInfo(view);\n',
    '      let accordCaretDue = false;\n      let accordClosed = false;\n      const onFocusChange = () => updateCursorInfo(view);\n',
  ],
  [
    `              if (!accordUnchanged) binding.mux(() => {
                /** @type {Y.Doc} */ (pluginState.doc).transact((tr) => {
                  tr.meta.set('addToHistory', pluginState.addToHistory);
                  binding._prosemirrorChanged(view.state.doc);
                }, ySyncPluginKey);
              });
`,
    `              if (!accordUnchanged) accordWriteTyping(view.state.doc, () => {
                if (binding.prosemirrorView == null) return
                const accordState = plugin.getState(view.state);
                binding.mux(() => {
                  /** @type {Y.Doc} */ (accordState.doc).transact((tr) => {
                    tr.meta.set('addToHistory', accordState.addToHistory);
                    binding._prosemirrorChanged(view.state.doc);
                  }, ySyncPluginKey);
                });
              });
`,
  ],
  [
    '        destroy: () => {\n          binding.destroy();\n',
    '        destroy: () => {\n          accordWriteTypingNow();\n          binding.destroy();\n',
  ],
  [
    '      const awarenessListener = ({ added, updated, removed }) => {\n',
    '      let accordRedrawDue = false;\n      const awarenessListener = ({ added, updated, removed }) => {\n',
  ],
  [
    '        // @ts-ignore\n        if (view.docView) {\n          setMeta(view, yCursorPluginKey, { awarenessUpdated: true });\n        }\n      };\n',
    `        if (accordRedrawDue) return
        accordRedrawDue = true;
        queueMicrotask(() => {
          accordRedrawDue = false;
          // @ts-ignore
          if (view.docView) {
            setMeta(view, yCursorPluginKey, { awarenessUpdated: true });
          }
        });
      };\n`,
  ],
];

export function yTiptapPatches(): Plugin {
  return {
    name: 'accord:y-tiptap-patches',
    enforce: 'pre',
    transform(code, id) {
      if (!FILE.test(id.split('?')[0]!)) return null;
      let patched = code;
      for (const [find, replace] of PATCHES) {
        if (patched.split(find).length !== 2)
          this.error(`@tiptap/y-tiptap changed: cannot find "${find.trim()}" exactly once (see ${import.meta.url})`);
        patched = patched.replace(find, replace);
      }
      return { code: `${IMPORTS}\n${patched}`, map: null };
    },
  };
}
