import type { Editor } from '@tiptap/core';
import { type KeyboardEvent, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type Command, insertAgreement, liftItem, type SubItemStyle, sinkItem } from '../../schema/index';
import { bracket } from './negotiation-extension';
import { writeTypingNow } from './typing-write';
import { useStateAfterPaint } from './use-state-after-paint';

/** The same actions as the keys, each enabled only when it is possible where the cursor is. */
export function Toolbar({
  editor,
  subItemStyle,
  bracketAs,
  onComment,
  onReference,
}: {
  editor: Editor;
  subItemStyle: () => SubItemStyle;
  /** The name a bracket made here carries. */
  bracketAs: string;
  /** Opens a comment on the selected words. */
  onComment: () => void;
  /** Opens the list of agreements to insert a cross-reference. */
  onReference: () => void;
}) {
  const { t } = useTranslation();
  const can = (command: Command) => command(editor.state);
  const state = useStateAfterPaint(editor, (current) => ({
    bold: current.isActive('bold'),
    italic: current.isActive('italic'),
    underline: current.isActive('underline'),
    link: current.isActive('link'),
    canSink: sinkItem()(current.state),
    canLift: liftItem(current.state),
    canUndo: current.can().undo(),
    canRedo: current.can().redo(),
    hasSelection: !current.state.selection.empty,
  }));
  // One Tab stop for the whole toolbar (the WAI-ARIA toolbar pattern): the arrow keys, Home and End
  // move between its buttons, so a keyboard user reaches the text in a few stops, not twenty.
  const roving = useCallback((element: HTMLDivElement | null) => {
    if (!element) return;
    const buttons = [...element.querySelectorAll('button')];
    // A button's tabIndex is 0 by default: what matters is whether one was chosen already.
    if (buttons.some((button) => button.getAttribute('tabindex') === '0')) return;
    for (const [i, button] of buttons.entries()) button.tabIndex = i === 0 ? 0 : -1;
  }, []);
  const run = (command: Command) => () => {
    command(editor.state, editor.view.dispatch);
    editor.view.focus();
  };
  const setLink = () => {
    const previous = editor.getAttributes('link').href as string | undefined;
    const href = window.prompt(t('toolbar.linkPrompt'), previous ?? 'https://');
    if (href === null) return;
    if (href.trim() === '') editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else editor.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
  };
  return (
    <div
      className="toolbar"
      role="toolbar"
      aria-label={t('toolbar.label')}
      ref={roving}
      onKeyDown={moveFocus}
      onFocus={(event) => remember(event.currentTarget, event.target)}
    >
      <button
        type="button"
        aria-pressed={state.bold}
        onClick={() => editor.chain().focus().toggleBold().run()}
        title={t('toolbar.boldTitle')}
        aria-label={t('toolbar.bold')}
      >
        <b>B</b>
      </button>
      <button
        type="button"
        aria-pressed={state.italic}
        onClick={() => editor.chain().focus().toggleItalic().run()}
        title={t('toolbar.italicTitle')}
        aria-label={t('toolbar.italic')}
      >
        <i>I</i>
      </button>
      <button
        type="button"
        aria-pressed={state.underline}
        onClick={() => editor.chain().focus().toggleUnderline().run()}
        title={t('toolbar.underlineTitle')}
        aria-label={t('toolbar.underline')}
      >
        <u>U</u>
      </button>
      <button
        type="button"
        aria-pressed={state.link}
        onClick={setLink}
        title={t('toolbar.link')}
        aria-label={t('toolbar.linkLabel')}
      >
        {t('toolbar.link')}
      </button>
      <button
        type="button"
        disabled={!state.hasSelection}
        onClick={() => {
          bracket(editor.state.tr, { bracketAs: () => bracketAs }, editor.view.dispatch);
          editor.view.focus();
        }}
        title={t('toolbar.bracketsTitle')}
        aria-label={t('toolbar.brackets')}
      >
        [ ]
      </button>
      <button
        type="button"
        disabled={!state.hasSelection}
        onClick={onComment}
        title={t('toolbar.commentTitle')}
        aria-keyshortcuts="Control+Alt+M"
      >
        {t('toolbar.comment')}
      </button>
      <button type="button" onClick={onReference} title={t('toolbar.referenceTitle')} aria-keyshortcuts="#">
        {t('toolbar.reference')}
      </button>
      <span className="separator" />
      <button type="button" onClick={run(insertAgreement)} title={t('toolbar.newAgreementTitle')}>
        {t('toolbar.newAgreement')}
      </button>
      <button
        type="button"
        disabled={!state.canSink}
        onClick={run(sinkItem(subItemStyle()))}
        title={t('toolbar.indentTitle')}
      >
        {t('toolbar.indent')}
      </button>
      <button type="button" disabled={!state.canLift} onClick={run(liftItem)} title={t('toolbar.outdentTitle')}>
        {t('toolbar.outdent')}
      </button>
      <span className="separator" />
      <button
        type="button"
        disabled={!state.canUndo}
        onClick={() => {
          writeTypingNow();
          editor.chain().focus().undo().run();
        }}
        title={t('toolbar.undoTitle')}
      >
        {t('toolbar.undo')}
      </button>
      <button
        type="button"
        disabled={!state.canRedo}
        onClick={() => {
          writeTypingNow();
          editor.chain().focus().redo().run();
        }}
        title={t('toolbar.redoTitle')}
      >
        {t('toolbar.redo')}
      </button>
      {!can(insertAgreement) && null}
    </div>
  );
}

/** The button that had the focus keeps the toolbar's one Tab stop. */
function remember(toolbar: HTMLElement, target: EventTarget): void {
  if (!(target instanceof HTMLButtonElement)) return;
  for (const button of toolbar.querySelectorAll('button')) button.tabIndex = button === target ? 0 : -1;
}

function moveFocus(event: KeyboardEvent<HTMLDivElement>): void {
  const keys = ['ArrowRight', 'ArrowLeft', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const buttons = [...event.currentTarget.querySelectorAll('button')].filter((button) => !button.disabled);
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? buttons.length - 1
        : (at + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
  event.preventDefault();
  buttons[next]?.focus();
}
