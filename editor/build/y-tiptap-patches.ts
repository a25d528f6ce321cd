import type { Plugin } from 'vite';

/**
 * Three build-time changes to @tiptap/y-tiptap 3.0.9 (the binding TipTap's Collaboration uses), for
 * typing in long reports while others type too. Each puts back what the binding already does one
 * level up or did in earlier versions; the build fails if the code they expect is not there, so a
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
 */
const FILE = /@tiptap[\\/]y-tiptap[\\/]dist[\\/]y-tiptap\.js$/;

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
      return { code: patched, map: null };
    },
  };
}
