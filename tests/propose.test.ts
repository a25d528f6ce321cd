import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DocJSON, exportText, importText, reportSchema } from '../schema/index';
import { openNegotiation } from '../schema/negotiation/open-items';
import { proposalFor, proposeItem } from '../schema/negotiation/propose';
import { viewOf } from '../schema/negotiation/views';

/**
 * The editor's negotiation mode turns a delegate's change into a proposal under its name. Whatever a
 * delegate types, deletes or pastes, the report as adopted (the clean view) must not change, and
 * every proposal must carry that delegation's name and no other.
 */
const REPORT = importText(
  [
    'Preamble words here.',
    '',
    '1. Open the meeting.',
    '2. Adopt the agenda.',
    'a. as circulated;',
    '3. Close it.',
  ].join('\n'),
).report;

function start(): EditorState {
  return EditorState.create({ doc: reportSchema().nodeFromJSON(REPORT.doc) });
}

const clean = (doc: PMNode) => exportText(viewOf({ doc: doc.toJSON() as DocJSON, settings: REPORT.settings }, 'clean'));
const full = (doc: PMNode) => exportText({ doc: doc.toJSON() as DocJSON, settings: REPORT.settings });

/** Applies a user transaction as the editor does in negotiation mode. */
function asProposal(state: EditorState, tr: Transaction, by: string): EditorState {
  const outcome = proposalFor(tr, state, by);
  if (outcome === null) return state.apply(tr);
  if ('refused' in outcome) return state;
  return state.apply(outcome.transaction);
}

function textPositions(doc: PMNode): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isText) for (let i = 0; i <= node.text!.length; i++) positions.push(pos + i);
    return true;
  });
  return positions;
}

describe('negotiation in the editor: a change becomes a proposal', () => {
  it('typing is an insertion under the delegation’s name; typing on continues the same proposal', () => {
    let state = start();
    const at = full(state.doc).indexOf('agenda');
    expect(at).toBeGreaterThan(0);
    const pos = textPositions(state.doc).find((p) => state.doc.textBetween(p, p + 6) === 'agenda')!;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
    for (const char of 'final ') state = asProposal(state, state.tr.insertText(char), 'Canada');
    expect(full(state.doc)).toContain('2. Adopt the {++final ++}{>>Canada<<}agenda.');
    expect(clean(state.doc)).toBe(exportText(REPORT));
    expect(openNegotiation(state.doc.toJSON() as DocJSON).proposals).toHaveLength(1);
  });

  it('Backspace strikes instead of deleting, and held down it is one proposal; one’s own words just go', () => {
    let state = start();
    const pos = textPositions(state.doc).find((p) => state.doc.textBetween(p - 6, p) === 'agenda')!;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
    for (let i = 0; i < 6; i++) {
      const head = state.selection.head;
      state = asProposal(state, state.tr.delete(head - 1, head), 'Mexico');
    }
    expect(full(state.doc)).toContain('2. Adopt the {--agenda--}{>>Mexico<<}.');
    const open = openNegotiation(state.doc.toJSON() as DocJSON).proposals;
    expect(open).toEqual([expect.objectContaining({ kind: 'delete', by: 'Mexico', text: 'agenda' })]);
    // Mexico types, then takes back its own typing: nothing of it stays.
    for (const char of 'xy') state = asProposal(state, state.tr.insertText(char), 'Mexico');
    for (let i = 0; i < 2; i++) {
      const head = state.selection.head;
      state = asProposal(state, state.tr.delete(head - 1, head), 'Mexico');
    }
    expect(full(state.doc)).toContain('2. Adopt the {--agenda--}{>>Mexico<<}.');
  });

  it('Enter proposes a new agreement numbered "bis" that shifts nobody', () => {
    let state = start();
    const pos = textPositions(state.doc).find((p) => state.doc.textBetween(p - 8, p) === 'meeting.')!;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
    state = state.apply(proposeItem(state, 'Canada')!);
    for (const char of 'Thank the host.') state = asProposal(state, state.tr.insertText(char), 'Canada');
    expect(full(state.doc)).toContain('1. Open the meeting.\n1 bis. {++Thank the host.++}{>>Canada<<}\n2. Adopt');
    expect(clean(state.doc)).toBe(exportText(REPORT));
    // The words and the item are one proposal: accepted or rejected together.
    expect(openNegotiation(state.doc.toJSON() as DocJSON).proposals).toHaveLength(1);
  });

  it('property: whatever a delegate does, the adopted text is unchanged and every proposal is its own', () => {
    type Op = { kind: 'type' | 'delete' | 'replace' | 'enter'; at: number; span: number; by: 'Canada' | 'Mexico' };
    const op = fc.record({
      kind: fc.constantFrom('type', 'delete', 'replace', 'enter'),
      at: fc.nat(),
      span: fc.integer({ min: 1, max: 12 }),
      by: fc.constantFrom('Canada', 'Mexico'),
    }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        let state = start();
        const original = exportText(REPORT);
        for (const { kind, at, span, by } of ops) {
          const positions = textPositions(state.doc);
          if (positions.length === 0) break;
          const from = positions[at % positions.length]!;
          const to = Math.min(from + span, state.doc.content.size - 1);
          state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from)));
          if (kind === 'enter') {
            const tr = proposeItem(state, by);
            if (tr) state = state.apply(tr);
          } else if (kind === 'type') state = asProposal(state, state.tr.insertText('w '), by);
          else if (kind === 'delete') state = asProposal(state, state.tr.delete(from, to), by);
          else state = asProposal(state, state.tr.replaceWith(from, to, reportSchema().text('new')), by);
          expect(clean(state.doc)).toBe(original);
        }
        const open = openNegotiation(state.doc.toJSON() as DocJSON);
        for (const proposal of open.proposals) expect(['Canada', 'Mexico']).toContain(proposal.by);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Tab and Shift-Tab in negotiation propose a move, accepted or rejected whole', () => {
  const base = importText('1. Open.\n2. Adopt.\na. as circulated;\n3. Close.\n').report;
  const cases = [
    [
      'sink',
      'Close',
      'a bis. {++Close.++}{>>Canada<<}\n3. {--Close.--}{>>Canada<<}',
      '2. Adopt.\na. as circulated;\nb. Close.\n',
    ],
    [
      'lift',
      'circulated',
      'a. {--as circulated;--}{>>Canada<<}\n2 bis. {++as circulated;++}{>>Canada<<}',
      '2. Adopt.\n3. as circulated;\n4. Close.\n',
    ],
  ] as const;
  for (const [direction, word, proposed, accepted] of cases) {
    it(`${direction}: proposed, then accepted, then rejected`, async () => {
      const { reportToYDoc, yDocToReport } = await import('../schema/index');
      const { decideProposal } = await import('../sync-server/negotiation/decide');
      const { proposeMove } = await import('../schema/negotiation/propose');
      let state = EditorState.create({ doc: reportSchema().nodeFromJSON(base.doc) });
      const at = textPositions(state.doc).find((p) => state.doc.textBetween(p, p + word.length) === word)!;
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
      const tr = proposeMove(state, 'Canada', direction, 'a.');
      if (typeof tr === 'string') throw new Error(tr);
      state = state.apply(tr);
      const report = { doc: state.doc.toJSON() as DocJSON, settings: base.settings };
      expect(exportText(report)).toContain(proposed);
      expect(exportText(viewOf(report, 'clean'))).toBe(exportText(base));
      const [proposal] = openNegotiation(report.doc).proposals;
      for (const [decision, expected] of [
        ['accept', accepted],
        ['reject', exportText(base).slice('1. Open.\n'.length)],
      ] as const) {
        const doc = reportToYDoc(report);
        doc.transact(() => decideProposal(doc, proposal!.id, decision));
        expect(exportText(yDocToReport(doc))).toBe(`1. Open.\n${expected}`);
      }
    });
  }

  it('a proposed item and an agreement with sub-items are not moved, and say why', async () => {
    const { proposeMove } = await import('../schema/negotiation/propose');
    let state = EditorState.create({ doc: reportSchema().nodeFromJSON(base.doc) });
    const at = textPositions(state.doc).find((p) => state.doc.textBetween(p, p + 5) === 'Adopt')!;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    expect(proposeMove(state, 'Canada', 'sink', 'a.')).toMatch(/sub-items cannot be moved/);
  });
});
