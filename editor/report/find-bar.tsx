import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { findKey, findTransaction } from './find-plugin';

/**
 * The find bar: type to find (the count says "3 of 12"), Enter / Shift-Enter or the buttons for the
 * next and previous match, Esc to close and go back to the text at the match.
 */
export function FindBar({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const find = findKey.getState(current.state);
      return { query: find?.query ?? '', count: find?.matches.length ?? 0, current: find?.current ?? -1 };
    },
  });
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const dispatch = (change: { query: string } | { step: 1 | -1 }) => {
    const find = findKey.getState(editor.state);
    if (!find) return;
    editor.view.dispatch(findTransaction(editor.state.tr, find, change));
  };
  const close = () => {
    editor.view.dispatch(editor.state.tr.setMeta(findKey, { query: '' }));
    onClose();
    editor.view.focus();
  };
  const status =
    state.query.trim() === ''
      ? ''
      : state.count === 0
        ? t('find.noMatch')
        : t('find.position', { current: state.current + 1, count: state.count });
  return (
    <search className="find-bar" aria-label={t('find.label')}>
      <label>
        {t('find.find')}{' '}
        <input
          ref={input}
          type="search"
          value={state.query}
          onChange={(event) => dispatch({ query: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              dispatch({ step: event.shiftKey ? -1 : 1 });
            } else if (event.key === 'Escape') {
              event.preventDefault();
              close();
            }
          }}
        />
      </label>
      <output aria-live="polite" className="find-count">
        {status}
      </output>
      <button
        type="button"
        onClick={() => dispatch({ step: -1 })}
        disabled={state.count === 0}
        aria-label={t('find.previous')}
      >
        ↑
      </button>
      <button
        type="button"
        onClick={() => dispatch({ step: 1 })}
        disabled={state.count === 0}
        aria-label={t('find.next')}
      >
        ↓
      </button>
      <button type="button" onClick={close}>
        {t('find.close')}
      </button>
    </search>
  );
}
