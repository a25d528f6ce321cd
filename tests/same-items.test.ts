import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Command,
  type DocJSON,
  deriveLabels,
  liftItem,
  reportSchema,
  sameItems,
  sinkItem,
  splitItem,
  uniqueIdsPlugin,
} from '../schema/index';
import { reportArbitrary } from './helpers/arbitrary-report';

// `sameItems` lets the editor skip relabelling and the id check after a keystroke. Skipping is only
// right when it promises what the full walks would find: the same labels, the same ids.
const labelsOf = (doc: PMNode) =>
  deriveLabels(doc.toJSON() as DocJSON).map((item) => `${item.reference} ${item.label}`);
const idsOf = (doc: PMNode) => deriveLabels(doc.toJSON() as DocJSON).map((item) => item.id);

/** Every position inside some text, where a delegate's caret can be. */
function textPositions(doc: PMNode): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isText) for (let i = 0; i <= node.text!.length; i++) positions.push(pos + i);
    return true;
  });
  return positions;
}

type Edit = 'type' | 'delete-char' | 'split' | 'sink' | 'lift' | 'copy-id' | 'delete-range';
const EDITS: Edit[] = ['type', 'delete-char', 'split', 'sink', 'lift', 'copy-id', 'delete-range'];

function edit(state: EditorState, kind: Edit, at: number, span: number): EditorState {
  const positions = textPositions(state.doc);
  // A range deletion can leave no text position at all: then there is nowhere to edit.
  if (positions.length === 0) return state;
  const pos = positions[at % positions.length]!;
  const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
  const run = (command: Command) => {
    let next = placed;
    command(placed, (tr) => {
      next = placed.apply(tr);
    });
    return next;
  };
  switch (kind) {
    case 'type':
      return placed.apply(placed.tr.insertText('x', pos));
    case 'delete-char':
      return pos > 1 ? placed.apply(placed.tr.delete(pos - 1, pos)) : placed;
    case 'split':
      return run(splitItem);
    case 'sink':
      return run(sinkItem());
    case 'lift':
      return run(liftItem);
    case 'copy-id': {
      // As a remote change can arrive: one item given another's id.
      const items: { pos: number; id: unknown }[] = [];
      state.doc.descendants((node, p) => {
        if (node.type.name === 'agreement' || node.type.name === 'subItem') items.push({ pos: p, id: node.attrs.id });
        return true;
      });
      if (items.length < 2) return placed;
      const target = items[at % items.length]!;
      const source = items[(at + 1) % items.length]!;
      return placed.apply(placed.tr.setNodeAttribute(target.pos, 'id', source.id));
    }
    case 'delete-range': {
      const end = positions[(at + span) % positions.length]!;
      const [from, to] = pos < end ? [pos, end] : [end, pos];
      try {
        return placed.apply(placed.tr.delete(from, to));
      } catch {
        return placed;
      }
    }
  }
}

describe('sameItems: when a change left the numbered items alone', () => {
  const report = reportArbitrary({ maxAgreementsPerList: 8, maxSubItems: 4 }).filter(
    (doc) => textPositions(reportSchema().nodeFromJSON(doc)).length > 2,
  );

  it('says so only when the labels and ids are indeed the same, and always after typing', () => {
    fc.assert(
      fc.property(
        report,
        fc.array(fc.record({ kind: fc.constantFrom(...EDITS), at: fc.nat(), span: fc.nat(40) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (json, edits) => {
          let state = EditorState.create({ schema: reportSchema(), doc: reportSchema().nodeFromJSON(json) });
          for (const { kind, at, span } of edits) {
            const next = edit(state, kind, at, span);
            if (sameItems(state.doc, next.doc, false)) expect(labelsOf(next.doc)).toEqual(labelsOf(state.doc));
            if (sameItems(state.doc, next.doc, true)) expect(idsOf(next.doc)).toEqual(idsOf(state.doc));
            if (kind === 'type') expect(sameItems(state.doc, next.doc, true)).toBe(true);
            state = next;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a whole-document replacement that repeats an id (as a remote change arrives) is repaired', () => {
    const json = reportArbitrary({ maxAgreementsPerList: 5, maxSubItems: 2 }).filter(
      (doc) => deriveLabels(doc).length >= 2,
    );
    fc.assert(
      fc.property(json, (doc) => {
        const state = EditorState.create({
          schema: reportSchema(),
          doc: reportSchema().nodeFromJSON(doc),
          plugins: [uniqueIdsPlugin()],
        });
        const ids = idsOf(state.doc);
        const copied = JSON.parse(JSON.stringify(doc).split(`"${ids[1]}"`).join(`"${ids[0]}"`)) as DocJSON;
        const replacement = reportSchema().nodeFromJSON(copied);
        const next = state.apply(state.tr.replaceWith(0, state.doc.content.size, replacement.content));
        const after = idsOf(next.doc);
        expect(new Set(after).size).toBe(after.length);
        expect(after[0]).toBe(ids[0]);
      }),
      { numRuns: 50 },
    );
  });
});
