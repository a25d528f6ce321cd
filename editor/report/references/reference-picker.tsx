import type { Editor } from '@tiptap/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { forEachLabel } from '../../../schema/index';
import { referenceText } from '../../../schema/references/labels';
import { NODES } from '../labels-plugin';

interface Choice {
  id: string;
  label: string;
  words: string;
}

/**
 * Chooses the agreement or sub-item a reference points at: by its number (`4`, `4 b`, `4 (b)`) or by
 * its words. Arrow keys move, Enter inserts at the cursor, Esc closes (typing `#` again then writes
 * the character itself, as it would have been).
 */
export function ReferencePicker({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const choices = useMemo(() => {
    const list: Choice[] = [];
    forEachLabel(editor.state.doc, NODES, (node, item) => {
      if (!item.id) return;
      const first = node.firstChild;
      list.push({ id: item.id, label: referenceText(item), words: first ? first.textContent.slice(0, 90) : '' });
    });
    return list;
  }, [editor]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => matching(choices, query).slice(0, 50), [choices, query]);
  const insert = (choice: Choice | undefined) => {
    if (!choice) return;
    // The editor takes focus now, not on the next frame as TipTap's focus command would: a delegate
    // who types on at once after Enter had the first characters land in the closing dialog, lost.
    // Closing the modal dialog first lifts the inertness that would refuse the focus.
    dialog.current?.close();
    editor.view.focus();
    editor.commands.insertContent({ type: 'reference', attrs: { target: choice.id } });
    onClose();
  };
  const close = () => {
    onClose();
    editor.commands.focus();
  };
  const dialog = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(close);
  closeRef.current = close;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // A modal dialog: focus moves in, the page behind is inert, Esc closes it.
    element.showModal();
    const closed = () => closeRef.current();
    element.addEventListener('close', closed);
    return () => element.removeEventListener('close', closed);
  }, []);
  return (
    <dialog ref={dialog} className="reference-picker" aria-labelledby="reference-picker-title">
      <h2 id="reference-picker-title">{t('references.title')}</h2>
      <input
        // biome-ignore lint/a11y/noAutofocus: the dialog opens for this field
        autoFocus
        type="search"
        role="combobox"
        aria-expanded="true"
        aria-controls="reference-choices"
        aria-activedescendant={shown[active] ? `reference-${shown[active].id}` : undefined}
        aria-label={t('references.search')}
        placeholder={t('references.search')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            const next = Math.max(0, Math.min(shown.length - 1, active + (event.key === 'ArrowDown' ? 1 : -1)));
            setActive(next);
            list.current?.children[next]?.scrollIntoView({ block: 'nearest' });
          } else if (event.key === 'Enter') {
            event.preventDefault();
            insert(shown[active]);
          }
        }}
      />
      <div id="reference-choices" className="choices" role="listbox" ref={list} aria-label={t('references.title')}>
        {shown.map((choice, index) => (
          <div
            key={choice.id}
            tabIndex={-1}
            id={`reference-${choice.id}`}
            role="option"
            aria-selected={index === active}
            data-label={choice.label}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => insert(choice)}
            onKeyDown={() => {}}
          >
            <b>{choice.label}</b> {choice.words}
          </div>
        ))}
      </div>
      {shown.length === 0 && <p>{t('references.none')}</p>}
    </dialog>
  );
}

/** Items whose label starts with what was typed as a number (`4`, `4 b`, `4(b)`), else whose words contain it. */
export function matching<T extends { label: string; words: string }>(choices: readonly T[], query: string): T[] {
  const typed = query.trim().toLowerCase();
  if (typed === '') return [...choices];
  const numeric = /^(\d+)\s*(?:\(?\s*([a-z]+)\s*\)?)?\.?$/.exec(typed);
  if (numeric) {
    const [, number, letters] = numeric;
    const wanted = letters ? `${number} (${letters})` : number!;
    const exact = choices.filter((choice) => choice.label.toLowerCase() === wanted);
    const below = letters ? [] : choices.filter((choice) => choice.label.toLowerCase().startsWith(`${number} (`));
    return [...exact, ...below];
  }
  return choices.filter((choice) => choice.words.toLowerCase().includes(typed));
}
