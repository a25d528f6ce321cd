import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { memo, useEffect, useState } from 'react';
import { forEachLabel } from '../../schema/index';
import { NODES } from './labels-plugin';
import { countsIn } from './open-negotiation';

interface Entry {
  /** The agreement's id (its number if it has none yet): stable while text before it changes. */
  key: string;
  label: string;
  words: string;
  id: string | null;
  agreed: boolean;
  /** Open proposals and brackets in the agreement (its sub-items included). */
  proposals: number;
  brackets: number;
  /** Who proposed them, by name. */
  proposers: string;
  /** The agreement itself is a proposal (`2 bis`), by this delegation. */
  proposedBy: string | null;
}

/** Quiet time after the last change before the outline follows, and the longest it lags behind. */
const QUIET_MS = 300;
const MAX_LAG_MS = 1000;

/**
 * The agreements by number and first words; choosing one puts the cursor there. Memoised: the page
 * renders again at every keystroke (the "saved" indicator), the outline only when it changes.
 */
export const Outline = memo(function Outline({
  editor,
  onStatus,
  onChosen,
}: {
  editor: Editor;
  onStatus?: (id: string, status: 'agreed' | 'open') => void;
  /** After an agreement was chosen (the caret is there). */
  onChosen?: () => void;
}) {
  const [entries, setEntries] = useState<Entry[]>(() => outlineOf(editor.state.doc));
  const [counts, setCounts] = useState(() => countsOf(editor.state.doc));
  // In a report of thousands of agreements the outline must not cost a keystroke anything: it follows
  // once typing pauses (or at least every second while others type without pause), and only the
  // rows whose number, words or lock changed are rendered again.
  useEffect(() => {
    let quiet: ReturnType<typeof setTimeout> | null = null;
    let lag: ReturnType<typeof setTimeout> | null = null;
    const follow = () => {
      if (quiet) clearTimeout(quiet);
      if (lag) clearTimeout(lag);
      quiet = lag = null;
      setEntries((previous) => reuseUnchanged(previous, outlineOf(editor.state.doc)));
      setCounts(countsOf(editor.state.doc));
    };
    const changed = () => {
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(follow, QUIET_MS);
      lag ??= setTimeout(follow, MAX_LAG_MS);
    };
    editor.on('update', changed);
    return () => {
      editor.off('update', changed);
      if (quiet) clearTimeout(quiet);
      if (lag) clearTimeout(lag);
    };
  }, [editor]);
  const jump = (index: number) => {
    const { view } = editor;
    const pos = agreementTextPosition(view.state.doc, index);
    if (pos === null) return;
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))).scrollIntoView());
    view.focus();
    onChosen?.();
  };
  return (
    <nav className="outline" aria-label="Agreements">
      <h2>Agreements</h2>
      <p className="report-counts" data-counts="">
        {counts.agreements} {counts.agreements === 1 ? 'agreement' : 'agreements'} · {counts.subItems}{' '}
        {counts.subItems === 1 ? 'sub-item' : 'sub-items'} · {counts.words.toLocaleString()}{' '}
        {counts.words === 1 ? 'word' : 'words'}
      </p>
      <ol>
        {entries.map((entry, index) => (
          <OutlineRow key={entry.key} entry={entry} index={index} onJump={jump} onStatus={onStatus} />
        ))}
      </ol>
    </nav>
  );
});

const OutlineRow = memo(function OutlineRow({
  entry,
  index,
  onJump,
  onStatus,
}: {
  entry: Entry;
  index: number;
  onJump: (index: number) => void;
  onStatus: ((id: string, status: 'agreed' | 'open') => void) | undefined;
}) {
  return (
    <li data-agreed={entry.agreed}>
      <button type="button" onClick={() => onJump(index)}>
        <span className="outline-label">{entry.label}</span>{' '}
        {entry.agreed && <span className="badge-agreed">agreed</span>}{' '}
        {entry.proposedBy && <span className="badge-proposed">proposed by {entry.proposedBy}</span>} {entry.words}
        {entry.proposals > 0 && (
          <span className="badge-count" data-proposals={entry.proposals}>
            {entry.proposals} {entry.proposals === 1 ? 'proposal' : 'proposals'} ({entry.proposers})
          </span>
        )}
        {entry.brackets > 0 && (
          <span className="badge-count" data-brackets={entry.brackets}>
            {entry.brackets} [ ]
            <span className="visually-hidden">{entry.brackets === 1 ? ' bracket' : ' brackets'}</span>
          </span>
        )}
      </button>
      {onStatus && entry.id && (
        <button
          type="button"
          className="status-toggle"
          data-status-for={entry.label}
          // Seven buttons all named "Agree" tell a screen reader user nothing: name the agreement.
          aria-label={`${entry.agreed ? 'Reopen' : 'Agree'} agreement ${entry.label.replace(/\.$/, '')}`}
          onClick={() => onStatus(entry.id!, entry.agreed ? 'open' : 'agreed')}
          title={
            entry.agreed
              ? 'Reopen this agreement for the delegations'
              : 'Mark this agreement agreed (locks it for the delegations)'
          }
        >
          {entry.agreed ? 'Reopen' : 'Agree'}
        </button>
      )}
    </li>
  );
}, sameRow);

function sameRow(
  a: { entry: Entry; index: number; onStatus: unknown },
  b: { entry: Entry; index: number; onStatus: unknown },
): boolean {
  // `onJump` is a new function on each render but reads the editor's state when called: not compared.
  return a.entry === b.entry && a.index === b.index && a.onStatus === b.onStatus;
}

/** The new outline, keeping the previous entry objects that did not change (so their rows are skipped). */
function reuseUnchanged(previous: Entry[], next: Entry[]): Entry[] {
  const byKey = new Map(previous.map((entry) => [entry.key, entry]));
  let changed = previous.length !== next.length;
  const merged = next.map((entry, index) => {
    const old = byKey.get(entry.key);
    const same =
      old &&
      old.label === entry.label &&
      old.words === entry.words &&
      old.agreed === entry.agreed &&
      old.id === entry.id &&
      old.proposals === entry.proposals &&
      old.proposers === entry.proposers &&
      old.brackets === entry.brackets &&
      old.proposedBy === entry.proposedBy;
    if (!same || previous[index] !== old) changed = true;
    return same ? old : entry;
  });
  return changed ? merged : previous;
}

function outlineOf(doc: PMNode): Entry[] {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  forEachLabel(doc, NODES, (agreement, item) => {
    if (item.kind !== 'agreement') return;
    const label = item.label;
    const id = typeof agreement.attrs.id === 'string' ? agreement.attrs.id : null;
    // A pasted copy can carry an id twice for a moment, until the id plugin repairs it.
    const key = id && !seen.has(id) ? id : `#${label}`;
    seen.add(key);
    entries.push({
      key,
      label,
      words: agreement.firstChild?.textContent.split(/\s+/).slice(0, 8).join(' ') ?? '',
      id,
      agreed: agreement.attrs.status === 'agreed',
      ...negotiationCounts(agreement),
    });
  });
  return entries;
}

/** Open proposals and brackets in an agreement, and whether it is itself a proposal. */
function negotiationCounts(agreement: PMNode): Pick<Entry, 'proposals' | 'brackets' | 'proposers' | 'proposedBy'> {
  const own = agreement.attrs.insertion as { by?: string } | null;
  return { ...countsIn(agreement), proposedBy: own?.by ?? null };
}

/** Where the text of the agreement at `index` (counting through the whole report) begins. */
function agreementTextPosition(doc: PMNode, index: number): number | null {
  let seen = 0;
  let found: number | null = null;
  doc.forEach((block, offset) => {
    if (found !== null || block.type.name !== 'agreementList') return;
    if (index - seen < block.childCount) {
      let pos = offset + 1;
      for (let i = 0; i < index - seen; i++) pos += block.child(i).nodeSize;
      found = pos + 2;
    }
    seen += block.childCount;
  });
  return found;
}

/**
 * Agreements and sub-items (adopted ones: a proposed `bis` is not counted until accepted) and the
 * words of the whole report (what is on the page, proposals included).
 */
function countsOf(doc: PMNode): { agreements: number; subItems: number; words: number } {
  let agreements = 0;
  let subItems = 0;
  forEachLabel(doc, NODES, (_node, item) => {
    if (item.proposed) return;
    if (item.kind === 'agreement') agreements += 1;
    else subItems += 1;
  });
  let words = 0;
  doc.descendants((node) => {
    if (node.isTextblock) {
      words += node.textContent.split(/\s+/).filter(Boolean).length;
      return false;
    }
    return true;
  });
  return { agreements, subItems, words };
}
