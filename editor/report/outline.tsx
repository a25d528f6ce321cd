import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import type { TFunction } from 'i18next';
import { type FormEvent, memo, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agreementAt, forEachLabel } from '../../schema/index';
import { useFollowDocument } from './follow-document';
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
  /** The comment threads anchored in it (ids, space-separated: compared as one string). */
  threads: string;
}

/**
 * The agreements by number and first words; choosing one puts the cursor there. Memoised: the page
 * renders again at every keystroke (the "saved" indicator), the outline only when it changes.
 */
export const Outline = memo(function Outline({
  editor,
  onStatus,
  onChosen,
  openThreads,
  authors,
}: {
  editor: Editor;
  /** The comment threads not resolved: each agreement counts those anchored in it. */
  openThreads: ReadonlySet<string>;
  /** With "who wrote what" on: each agreement's id → "Mexico 60 %, Canada 40 %". */
  authors: ReadonlyMap<string, string> | null;
  onStatus?: (id: string, status: 'agreed' | 'open') => void;
  /** After an agreement was chosen (the caret is there). */
  onChosen?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<Entry[]>(() => outlineOf(editor.state.doc));
  const [counts, setCounts] = useState(() => countsOf(editor.state.doc));
  const [filter, setFilter] = useState<Filter>('all');
  const [goTo, setGoTo] = useState('');
  const [goToProblem, setGoToProblem] = useState<string | null>(null);
  // The agreement the caret is in, marked in the outline (it follows the caret, cheaply: one lookup).
  const [here, setHere] = useState<number>(-1);
  useEffect(() => {
    const follow = () => {
      const agreement = agreementAt(editor.state.selection.$from);
      setHere(agreement ? agreementIndexAt(editor.state.doc, agreement.pos) : -1);
    };
    editor.on('selectionUpdate', follow);
    return () => {
      editor.off('selectionUpdate', follow);
    };
  }, [editor]);
  // Only the rows whose number, words or lock changed are rendered again.
  const follow = useCallback((doc: PMNode) => {
    setEntries((previous) => reuseUnchanged(previous, outlineOf(doc)));
    // Unchanged counts keep the same object: no render (each render measures the selection, see status-bar.tsx).
    setCounts((previous) => {
      const next = countsOf(doc);
      return next.agreements === previous.agreements &&
        next.subItems === previous.subItems &&
        next.words === previous.words
        ? previous
        : next;
    });
  }, []);
  useFollowDocument(editor, follow);
  const jump = (index: number) => {
    const { view } = editor;
    const pos = agreementTextPosition(view.state.doc, index);
    if (pos === null) return;
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))).scrollIntoView());
    view.focus();
    onChosen?.();
  };
  /** "7", "7 (b)", "7b", "7.b", "5 bis": puts the caret in that agreement or sub-item. */
  const goToReference = (event: FormEvent) => {
    event.preventDefault();
    const pos = referencePosition(editor.state.doc, goTo);
    if (pos === null) {
      setGoToProblem(t('outline.noSuchItem', { what: goTo.trim() || t('outline.suchItem') }));
      return;
    }
    setGoToProblem(null);
    const { view } = editor;
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))).scrollIntoView());
    view.focus();
    onChosen?.();
  };
  const shown = entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => FILTERS[filter].keep(entry));
  return (
    <nav className="outline" aria-label={t('outline.title')}>
      <h2>{t('outline.title')}</h2>
      <p className="report-counts" data-counts="">
        {t('outline.agreements', { count: counts.agreements })} · {t('outline.subItems', { count: counts.subItems })} ·{' '}
        {t('outline.words', { count: counts.words, n: formatCount(counts.words, i18n.resolvedLanguage) })}
      </p>
      <form className="go-to" onSubmit={goToReference}>
        <label>
          {t('outline.goTo')}{' '}
          <input
            value={goTo}
            onChange={(event) => setGoTo(event.target.value)}
            placeholder="7 (b)"
            size={7}
            aria-describedby={goToProblem ? 'go-to-problem' : undefined}
          />
        </label>{' '}
        <button type="submit">{t('outline.go')}</button>
        {goToProblem && (
          <p id="go-to-problem" role="alert">
            {goToProblem}
          </p>
        )}
      </form>
      <label className="outline-filter">
        {t('outline.show')}{' '}
        <select value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
          {(Object.keys(FILTERS) as Filter[]).map((key) => (
            <option key={key} value={key}>
              {t(`outline.${key}`)}
            </option>
          ))}
        </select>
      </label>
      <ol>
        {shown.map(({ entry, index }) => (
          <OutlineRow
            key={entry.key}
            entry={entry}
            index={index}
            t={t}
            language={i18n.language}
            current={index === here}
            onJump={jump}
            onStatus={onStatus}
            comments={openCount(entry.threads, openThreads)}
            authors={(entry.id && authors?.get(entry.id)) || ''}
          />
        ))}
      </ol>
    </nav>
  );
});

// Each row is given the outline's `t` rather than subscribing to the language itself: 2,000 rows each
// calling useTranslation cost ~50 ms of the outline's first drawing in a long report.
const OutlineRow = memo(function OutlineRow({
  entry,
  index,
  t,
  current,
  onJump,
  onStatus,
  comments,
  authors,
}: {
  entry: Entry;
  index: number;
  t: TFunction;
  /** Compared instead of `t`, which may stay the same function when the language changes. */
  language: string;
  current: boolean;
  onJump: (index: number) => void;
  onStatus: ((id: string, status: 'agreed' | 'open') => void) | undefined;
  comments: number;
  authors: string;
}) {
  const number = entry.label.replace(/\.$/, '');
  return (
    <li data-agreed={entry.agreed} data-current={current || undefined}>
      <button type="button" onClick={() => onJump(index)} aria-current={current ? 'location' : undefined}>
        <span className="outline-label">{entry.label}</span>{' '}
        {entry.agreed && <span className="badge-agreed">{t('outline.agreedBadge')}</span>}{' '}
        {entry.proposedBy && (
          <span className="badge-proposed">{t('outline.proposedBy', { by: entry.proposedBy })}</span>
        )}{' '}
        {entry.words}
        {entry.proposals > 0 && (
          <span className="badge-count" data-proposals={entry.proposals}>
            {t('outline.proposals', { count: entry.proposals, by: entry.proposers })}
          </span>
        )}
        {entry.brackets > 0 && (
          <span className="badge-count" data-brackets={entry.brackets}>
            <span aria-hidden="true">{entry.brackets} [ ]</span>
            <span className="visually-hidden">{t('outline.brackets', { count: entry.brackets })}</span>
          </span>
        )}
        {comments > 0 && (
          <span className="badge-count" data-comments={comments}>
            {t('outline.comments', { count: comments })}
          </span>
        )}
        {authors && (
          <span className="authors" data-authors={authors}>
            {t('outline.authors', { list: authors })}
          </span>
        )}
      </button>
      {onStatus && entry.id && !entry.proposedBy && (
        <button
          type="button"
          className="status-toggle"
          data-status-for={entry.label}
          // Seven buttons all named "Agree" tell a screen reader user nothing: name the agreement.
          aria-label={t(entry.agreed ? 'outline.reopenLabel' : 'outline.agreeLabel', { number })}
          onClick={() => onStatus(entry.id!, entry.agreed ? 'open' : 'agreed')}
          title={t(entry.agreed ? 'outline.reopenTitle' : 'outline.agreeTitle')}
        >
          {t(entry.agreed ? 'outline.reopen' : 'outline.agree')}
        </button>
      )}
    </li>
  );
}, sameRow);

type RowProps = {
  entry: Entry;
  index: number;
  language: string;
  current: boolean;
  onStatus: unknown;
  comments: number;
  authors: string;
};

function sameRow(a: RowProps, b: RowProps): boolean {
  // `onJump` is a new function on each render but reads the editor's state when called: not compared.
  return (
    a.entry === b.entry &&
    a.index === b.index &&
    a.language === b.language &&
    a.current === b.current &&
    a.onStatus === b.onStatus &&
    a.comments === b.comments &&
    a.authors === b.authors
  );
}

function openCount(threads: string, open: ReadonlySet<string>): number {
  if (threads === '') return 0;
  return threads.split(' ').filter((id) => open.has(id)).length;
}

type Filter = 'all' | 'open' | 'agreed' | 'negotiated';

/** What the secretariat looks for during a session: what is left to agree, and where the negotiation is. */
const FILTERS: Record<Filter, { keep: (entry: Entry) => boolean }> = {
  all: { keep: () => true },
  open: { keep: (entry) => !entry.agreed },
  agreed: { keep: (entry) => entry.agreed },
  negotiated: { keep: (entry) => entry.proposals > 0 || entry.brackets > 0 || entry.proposedBy !== null },
};

/** The index (among all agreements) of the agreement starting at `pos`. */
function agreementIndexAt(doc: PMNode, pos: number): number {
  let index = 0;
  let found = -1;
  doc.forEach((block, offset) => {
    if (found >= 0 || block.type.name !== 'agreementList') return;
    block.forEach((_agreement, inner) => {
      if (found < 0 && offset + 1 + inner === pos) found = index;
      if (found < 0) index += 1;
    });
  });
  return found;
}

/**
 * Where the text of the item a person names begins: `7`, `7.`, `7 (b)`, `7b`, `7.b`, `7 b)`, `5 bis`,
 * `5 bis (a)` — compared with the labels the report shows, so it finds what the reader sees.
 */
export function referencePosition(doc: PMNode, typed: string): number | null {
  const wanted = normalizeReference(typed);
  if (wanted === '') return null;
  let found: number | null = null;
  const positions = new Map<PMNode, number>();
  doc.descendants((node, pos) => {
    if (node.type.name === 'agreement' || node.type.name === 'subItem') positions.set(node, pos);
    return node.type.name !== 'paragraph';
  });
  forEachLabel(doc, NODES, (node, item) => {
    if (found !== null) return;
    if (normalizeReference(item.reference) === wanted) found = (positions.get(node) ?? 0) + 2;
  });
  return found;
}

/** `7 (b)`, `7b`, `7.b`, `7 b)` → `7.b`; `5 bis` → `5bis`. */
function normalizeReference(value: string): string {
  const compact = value.toLowerCase().replace(/[\s.()]/g, '');
  const match =
    /^(\d+(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)?)([a-z]+(?:bis|ter|quater)?)?$/.exec(
      compact,
    );
  if (!match) return compact;
  return match[2] ? `${match[1]}.${match[2]}` : match[1]!;
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
      old.proposedBy === entry.proposedBy &&
      old.threads === entry.threads;
    if (!same || previous[index] !== old) changed = true;
    return same ? old : entry;
  });
  return changed ? merged : previous;
}

/**
 * A count as the interface's language writes it. Below 1,000 every one of our languages writes the
 * digits alone, and the first number formatted with Intl in a page loads its locale data (30–70 ms
 * here): the outline's first drawing, while a report opens, counts an empty document.
 */
function formatCount(count: number, language: string | undefined): string {
  return count < 1000 ? String(count) : count.toLocaleString(language);
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
    entries.push({ key, label, id, agreed: agreement.attrs.status === 'agreed', ...contentOf(agreement) });
  });
  return entries;
}

type Content = Pick<Entry, 'words' | 'threads' | 'proposals' | 'brackets' | 'proposers' | 'proposedBy'>;

/**
 * What an agreement's row shows of its content, read once per agreement node: a change leaves the
 * agreements it did not touch as the very same objects, so following a 2,000-agreement report while
 * someone types reads one agreement again, not all of them.
 */
const contents = new WeakMap<PMNode, Content>();

function contentOf(agreement: PMNode): Content {
  let content = contents.get(agreement);
  if (!content) {
    content = {
      words: agreement.firstChild?.textContent.split(/\s+/).slice(0, 8).join(' ') ?? '',
      ...negotiationCounts(agreement),
      threads: threadsIn(agreement),
    };
    contents.set(agreement, content);
  }
  return content;
}

/** The ids of the comment threads whose words are in an agreement. */
function threadsIn(agreement: PMNode): string {
  const threads = new Set<string>();
  agreement.descendants((node) => {
    if (!node.isText) return true;
    for (const mark of node.marks) if (mark.type.name === 'comment') threads.add(mark.attrs.thread as string);
    return false;
  });
  return [...threads].join(' ');
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
/** A paragraph's word count, remembered by node (unchanged paragraphs are the same objects). */
const wordCounts = new WeakMap<PMNode, number>();

function wordsIn(textblock: PMNode): number {
  let count = wordCounts.get(textblock);
  if (count === undefined) {
    count = textblock.textContent.split(/\s+/).filter(Boolean).length;
    wordCounts.set(textblock, count);
  }
  return count;
}

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
      words += wordsIn(node);
      return false;
    }
    return true;
  });
  return { agreements, subItems, words };
}
