import { EditorState, TextSelection } from '@tiptap/pm/state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentAnchorKey } from '../schema/comments/anchor-text';
import { commentAnchors, summarizeThreads } from '../schema/comments/anchors';
import { openThread, readThreads } from '../schema/comments/threads';
import {
  type Command,
  type DocJSON,
  exportText,
  importText,
  insertAgreement,
  liftItem,
  REPORT_FIELD,
  reportSchema,
  reportToYDoc,
  sinkItem,
  yDocToReport,
} from '../schema/index';
import { listReferences, referenceTextsOf } from '../schema/references/labels';

/**
 * Property: three delegations edit their own copies of a report holding two comment threads and two
 * cross-references — typing, deleting, new agreements, Tab and Shift-Tab (which the editor's binding
 * writes as elements rewritten elsewhere) — one after another, or concurrently with syncs in any order.
 * Every copy converges; no thread is ever lost (each is anchored or listed as detached); every reference
 * reads its target's current label or is reported broken. Edited one at a time without deletions, every
 * thread stays anchored and every reference resolves.
 */
const LAYOUT = [
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  '3. Strengthen cooperation:',
  'a. share information;',
  'b. train officers;',
  '4. Take note of the reports.',
  '5. Close the meeting.',
].join('\n');

function baseDoc(): { doc: Y.Doc; threads: string[] } {
  const report = importText(LAYOUT).report;
  const schema = reportSchema();
  let node = schema.nodeFromJSON(report.doc);
  // Ids, as the server would give them.
  const ids: string[] = [];
  let state = EditorState.create({ schema, doc: node });
  const tr = state.tr;
  node.descendants((child, pos) => {
    if (child.type.name === 'agreement' || child.type.name === 'subItem') {
      const id = `item${ids.length}abc`;
      ids.push(id);
      tr.setNodeMarkup(pos, undefined, { ...child.attrs, id });
    }
    return true;
  });
  state = state.apply(tr);
  node = state.doc;
  // Two threads on words of 2 and 3 (b); references to 3 (b) and 4 written into 5 and 1.
  const withMarks = state.tr;
  const mark = (words: string, thread: string) =>
    node.descendants((child, pos) => {
      const at = child.isText ? child.text!.indexOf(words) : -1;
      if (at >= 0) withMarks.addMark(pos + at, pos + at + words.length, schema.marks.comment!.create({ thread }));
      return !child.isText;
    });
  mark('the agenda', 'cthreadone1');
  mark('train officers', 'cthreadtwo2');
  const at = (words: string) => {
    let found = -1;
    node.descendants((child, pos) => {
      const index = child.isText ? child.text!.indexOf(words) : -1;
      if (index >= 0 && found < 0) found = pos + index + words.length;
      return !child.isText;
    });
    return found;
  };
  const subB = ids[4]!;
  const four = ids[5]!;
  withMarks.insert(at('Close the meeting.'), schema.nodes.reference!.create({ target: subB }));
  withMarks.insert(at('Open the meeting.'), schema.nodes.reference!.create({ target: four }));
  const finalDoc = state.apply(withMarks).doc;
  const doc = reportToYDoc({ doc: finalDoc.toJSON() as DocJSON, settings: report.settings });
  for (const [id, quote] of [
    ['cthreadone1', 'the agenda'],
    ['cthreadtwo2', 'train officers'],
  ] as const)
    openThread(doc, { id, by: 'Canada', item: null, label: '', quote, text: 'A question' });
  return { doc, threads: ['cthreadone1', 'cthreadtwo2'] };
}

type Op =
  | { kind: 'type'; client: number; at: number }
  | { kind: 'delete'; client: number; at: number; length: number }
  | { kind: 'agreement' | 'sink' | 'lift'; client: number; at: number }
  | { kind: 'sync'; client: number };

const editOp = (deletions: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ kind: fc.constant('type' as const), client: fc.nat(2), at: fc.nat() }),
    ...(deletions
      ? [
          fc.record({
            kind: fc.constant('delete' as const),
            client: fc.nat(2),
            at: fc.nat(),
            length: fc.integer({ min: 1, max: 25 }),
          }),
        ]
      : []),
    fc.record({
      kind: fc.constantFrom('agreement' as const, 'sink' as const, 'lift' as const),
      client: fc.nat(2),
      at: fc.nat(),
    }),
    fc.record({ kind: fc.constant('sync' as const), client: fc.nat(2) }),
  );

/** Text positions inside textblocks: where a caret can be. */
function caretPositions(state: EditorState): number[] {
  const positions: number[] = [];
  state.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (let offset = 0; offset <= node.content.size; offset++) positions.push(pos + 1 + offset);
    return false;
  });
  return positions;
}

/** Applies an edit the way the editor does: a ProseMirror change written into the Y.Doc by the binding. */
function edit(doc: Y.Doc, step: Exclude<Op, { kind: 'sync' }>, words: () => string, keepItems: boolean): void {
  const fragment = doc.getXmlFragment(REPORT_FIELD);
  const schema = reportSchema();
  const before = yXmlFragmentToProseMirrorRootNode(fragment, schema);
  let state = EditorState.create({ schema, doc: before });
  const positions = caretPositions(state);
  if (positions.length === 0) return;
  const at = positions[step.at % positions.length]!;
  state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
  let command: Command;
  if (step.kind === 'type') command = (current, dispatch) => (dispatch?.(current.tr.insertText(words())), true);
  else if (step.kind === 'delete')
    command = (current, dispatch) => {
      const to = Math.min(current.doc.content.size, at + step.length);
      const $to = current.doc.resolve(to);
      // Within one textblock, as a selection deleted with Backspace would be.
      if (!$to.sameParent(current.doc.resolve(at))) return false;
      dispatch?.(current.tr.delete(at, to));
      return true;
    };
  else if (step.kind === 'agreement') command = insertAgreement;
  else if (step.kind === 'sink') command = sinkItem('a.');
  else
    command = (current, dispatch) => {
      // Shift-Tab on an agreement makes it a plain paragraph: the agreement (a reference's target)
      // is gone. Where items must all stay, only sub-items are lifted.
      if (keepItems && current.selection.$from.node(-1)?.type.name === 'agreement') return false;
      return liftItem(current, dispatch);
    };
  command(state, (tr) => {
    state = state.apply(tr);
  });
  if (state.doc === before) return;
  doc.transact(() => updateYFragment(doc, fragment, state.doc, { mapping: new Map(), isOMark: new Map() }));
}

function check(deletions: boolean, concurrent: boolean) {
  return (ops: Op[]) => {
    const { doc: server, threads } = baseDoc();
    const clients = [0, 1, 2].map(() => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      return doc;
    });
    const sync = (doc: Y.Doc) => {
      Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
    };
    let counter = 0;
    for (const step of ops) {
      if (step.kind === 'sync') sync(clients[step.client]!);
      else {
        // One at a time: each delegation has everyone's changes before it edits.
        if (!concurrent) sync(clients[step.client]!);
        edit(clients[step.client]!, step, () => ` w${++counter}`, !deletions && !concurrent);
        if (!concurrent) sync(clients[step.client]!);
      }
    }
    for (const doc of clients) sync(doc);
    for (const doc of clients) sync(doc);

    const xml = new Set(clients.map((doc) => doc.getXmlFragment(REPORT_FIELD).toString()));
    expect(xml.size).toBe(1);
    const report = yDocToReport(server);
    // No thread lost: each is listed, anchored or detached; an anchored one is where its mark is.
    const listed = summarizeThreads(report.doc, readThreads(server));
    expect(listed.map((thread) => thread.id).sort()).toEqual([...threads].sort());
    const anchors = commentAnchors(report.doc);
    for (const thread of listed) expect(thread.detached).toBe(!anchors.has(thread.id));
    // Every reference reads its target's label or is reported broken, and the text export says so.
    const labels = referenceTextsOf(report.doc);
    const references = listReferences(report.doc);
    // Two delegations restructuring the same agreement at once can leave it twice (or once where each
    // rewrote it): a limit of the binding for any content, not of references. One at a time, both stay.
    // (A deletion may take a reference away with its words: then there are fewer, never more.)
    if (!concurrent) expect(references.length).toBeLessThanOrEqual(2);
    if (!concurrent && !deletions) expect(references).toHaveLength(2);
    for (const reference of references) expect(reference.targetLabel).toBe(labels.get(reference.target) ?? null);
    const text = exportText(report);
    for (const reference of references)
      if (reference.targetLabel) expect(text).toContain(reference.targetLabel);
      else expect(text).toContain('[missing paragraph]');
    if (!deletions && !concurrent) {
      // Nothing was deleted: every thread still has its words, every reference its target.
      for (const thread of listed) expect(thread.detached).toBe(false);
      for (const reference of references) expect(reference.targetLabel).not.toBeNull();
    }
  };
}

describe('comments and references survive editing by several delegations', () => {
  it('property: typing, new agreements, Tab and Shift-Tab by three delegations keep every thread anchored and every reference resolved', () => {
    fc.assert(fc.property(fc.array(editOp(false), { maxLength: 30 }), check(false, false)), { numRuns: 60 });
  });

  it('property: the same with deletions: no thread is lost, every reference resolves or is reported broken', () => {
    fc.assert(fc.property(fc.array(editOp(true), { maxLength: 30 }), check(true, false)), { numRuns: 60 });
  });

  it('property: any interleaving of concurrent edits, moves and renumbering converges, loses no thread, and leaves no reference unreported', () => {
    fc.assert(fc.property(fc.array(editOp(true), { maxLength: 30 }), check(true, true)), { numRuns: 80 });
  });
});

describe('a thread anchored by the server', () => {
  it('uses the key the editor’s binding writes, so no editor rewrites it', () => {
    const { doc } = baseDoc();
    const xml = doc.getXmlFragment(REPORT_FIELD).toString();
    expect(xml).toContain(`<${commentAnchorKey('cthreadone1')} thread="cthreadone1">the agenda`);
    expect(xml).toContain(`<${commentAnchorKey('cthreadtwo2')} thread="cthreadtwo2">train officers`);
  });
});
