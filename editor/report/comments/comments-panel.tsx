import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { CommentAnchor } from '../../../schema/comments/anchors';
import {
  type CommentThread,
  commentTextProblem,
  deleteMessage,
  replyTo,
  setResolved,
} from '../../../schema/comments/threads';
import { delegationColour } from '../../../schema/index';
import { useFollowDocument } from '../follow-document';
import { anchorRange, anchorsIn, type CommentTarget, postThread } from './comment-target';
import { useThreads } from './use-threads';

/** The awareness field saying which thread this participant is writing a reply to. */
const REPLYING = 'replying';

/**
 * The report's comment threads beside the text, in the order of their words (detached ones last):
 * each with where it is, the words it is about, its messages (as text: a comment never renders as
 * markup), and what this participant may do — reply, resolve or reopen (the secretariat, or the
 * delegation that opened it), delete its own. Who is writing a reply shows live. A new thread is
 * composed here for the words selected in the report (Ctrl-Alt-M or the toolbar).
 */
export const CommentsPanel = memo(function CommentsPanel({
  editor,
  doc,
  awareness,
  me,
  canWrite,
  secretariat,
  composing,
  onComposed,
  onNew,
  onError,
}: {
  editor: Editor;
  doc: Y.Doc;
  awareness: Awareness;
  /** The name this participant's comments carry. */
  me: string;
  canWrite: boolean;
  secretariat: boolean;
  composing: CommentTarget | null;
  onComposed: () => void;
  /** Starts a thread on the words selected in the report. */
  onNew: () => void;
  onError: (message: string) => void;
}) {
  const { t } = useTranslation();
  const threads = useThreads(doc);
  // Where each thread's words are now: followed only while the report has threads.
  const [anchors, setAnchors] = useState<Map<string, CommentAnchor>>(() =>
    threads.length > 0 ? anchorsIn(editor.state.doc) : new Map(),
  );
  const hasThreads = useRef(threads.length > 0);
  hasThreads.current = threads.length > 0;
  const follow = useCallback((current: PMNode) => {
    if (hasThreads.current) setAnchors(anchorsIn(current));
  }, []);
  useFollowDocument(editor, follow);
  // A thread that arrives is placed at once (not at the next change of the text).
  useEffect(() => {
    if (threads.length > 0) setAnchors(anchorsIn(editor.state.doc));
  }, [threads, editor]);
  const [showResolved, setShowResolved] = useState(false);
  const replying = useReplying(awareness);
  const order = [...anchors.keys()];
  const rank = (thread: CommentThread) => {
    const index = order.indexOf(thread.id);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const sorted = [...threads].sort((a, b) => rank(a) - rank(b));
  const open = sorted.filter((thread) => !thread.resolved);
  const resolved = sorted.filter((thread) => thread.resolved);
  if (threads.length === 0 && !composing && !canWrite) return null;
  const goTo = (id: string) => {
    const range = anchorRange(editor.state.doc, id);
    if (!range) return;
    editor.view.dispatch(
      editor.state.tr.setSelection(TextSelection.create(editor.state.doc, range.from, range.to)).scrollIntoView(),
    );
    editor.view.focus();
  };
  const shown = showResolved ? [...open, ...resolved] : open;
  return (
    <section className="comments-panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading">
        {t('comments.title')} <span className="count">{open.length}</span>
      </h2>
      {canWrite && !composing && (
        // Keeps the selection in the text (mouse down would move the focus and collapse nothing, but a
        // read-only report's toolbar is hidden: this is its way to comment).
        <button type="button" className="new-comment" onMouseDown={(event) => event.preventDefault()} onClick={onNew}>
          {t('comments.newOnSelection')}
        </button>
      )}
      {composing && (
        <NewThread
          target={composing}
          onPost={(text) => {
            postThread(editor, doc, composing, me, text);
            onComposed();
          }}
          onCancel={onComposed}
        />
      )}
      <ol className="threads">
        {shown.map((thread) => (
          <Thread
            key={thread.id}
            thread={thread}
            anchor={anchors.get(thread.id) ?? null}
            me={me}
            canWrite={canWrite}
            mayResolve={canWrite && (secretariat || thread.by === me)}
            secretariat={secretariat}
            replying={replying.get(thread.id) ?? []}
            onGo={() => goTo(thread.id)}
            onReply={(text) => replyTo(doc, thread.id, me, text)}
            onResolve={(resolve) => setResolved(doc, thread.id, resolve ? me : null)}
            onDelete={(messageId) => deleteMessage(doc, thread.id, messageId)}
            onTyping={(typing) => awareness.setLocalStateField(REPLYING, typing ? thread.id : null)}
            onError={onError}
          />
        ))}
      </ol>
      {resolved.length > 0 && (
        <button
          type="button"
          className="link-button"
          aria-expanded={showResolved}
          onClick={() => setShowResolved(!showResolved)}
        >
          {showResolved ? t('comments.hideResolved') : t('comments.showResolved', { count: resolved.length })}
        </button>
      )}
    </section>
  );
});

function NewThread({
  target,
  onPost,
  onCancel,
}: {
  target: CommentTarget;
  onPost: (text: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const problem = text.length > 0 ? commentTextProblem(text) : null;
  return (
    <form
      className="new-thread"
      onSubmit={(event) => {
        event.preventDefault();
        if (!commentTextProblem(text)) onPost(text);
      }}
    >
      <p className="on">
        {t('comments.on', { label: target.label })} <q>{target.quote}</q>
      </p>
      <label>
        <span className="visually-hidden">{t('comments.newLabel', { label: target.label })}</span>
        <textarea
          // The composer is where the keyboard goes when a comment is started.
          // biome-ignore lint/a11y/noAutofocus: opened on purpose by Ctrl-Alt-M or the Comment button
          autoFocus
          value={text}
          rows={3}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onCancel();
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !commentTextProblem(text)) onPost(text);
          }}
        />
      </label>
      {problem && text.trim() !== '' && <p className="problem">{problem}</p>}
      <div className="buttons">
        <button type="submit" disabled={commentTextProblem(text) !== null}>
          {t('comments.post')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('comments.cancel')}
        </button>
      </div>
    </form>
  );
}

function Thread({
  thread,
  anchor,
  me,
  canWrite,
  mayResolve,
  secretariat,
  replying,
  onGo,
  onReply,
  onResolve,
  onDelete,
  onTyping,
  onError,
}: {
  thread: CommentThread;
  anchor: CommentAnchor | null;
  me: string;
  canWrite: boolean;
  mayResolve: boolean;
  /** The secretariat may take any message off (moderation); others their own only. */
  secretariat: boolean;
  replying: string[];
  onGo: () => void;
  onReply: (text: string) => void;
  onResolve: (resolve: boolean) => void;
  onDelete: (messageId: string) => void;
  onTyping: (typing: boolean) => void;
  onError: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [reply, setReply] = useState('');
  const label = anchor?.label ?? thread.label;
  const time = (at: string) =>
    new Date(at).toLocaleString(i18n.resolvedLanguage, { dateStyle: 'short', timeStyle: 'short' });
  const send = () => {
    const problem = commentTextProblem(reply);
    if (problem) return onError(problem);
    onReply(reply);
    setReply('');
    onTyping(false);
  };
  return (
    <li
      className={`thread${thread.resolved ? ' resolved' : ''}${anchor ? '' : ' detached'}`}
      data-thread={thread.id}
      data-label={label}
    >
      <p className="on">
        {anchor ? (
          <button type="button" className="link-button" onClick={onGo} aria-label={t('comments.goTo', { label })}>
            {t('comments.on', { label })}
          </button>
        ) : (
          <span className="detached-note">{t('comments.detached', { label: label || t('comments.report') })}</span>
        )}{' '}
        <q>{thread.quote}</q>
        {thread.resolved && (
          <span className="resolved-note"> · {t('comments.resolvedBy', { by: thread.resolved.by })}</span>
        )}
      </p>
      <ul className="messages">
        {thread.messages.map((message) => (
          <li key={message.id} className="message" data-by={message.by}>
            <span className="by" style={{ borderColor: delegationColour(message.by) }}>
              {message.by}
            </span>{' '}
            <time dateTime={message.at}>{time(message.at)}</time>
            {/* Text, never markup: React escapes it. */}
            <p className="text">{message.text}</p>
            {canWrite && (message.by === me || secretariat) && (
              <button
                type="button"
                className="link-button"
                aria-label={t('comments.deleteLabel', { label })}
                onClick={() => onDelete(message.id)}
              >
                {t('comments.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {replying.length > 0 && (
        <p className="replying" data-replying={replying.join(',')}>
          {t('comments.replying', { names: replying.join(', '), count: replying.length })}
        </p>
      )}
      {canWrite && !thread.resolved && (
        <form
          className="reply"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <label>
            <span className="visually-hidden">{t('comments.replyLabel', { label })}</span>
            <textarea
              value={reply}
              rows={1}
              placeholder={t('comments.replyPlaceholder')}
              onChange={(event) => {
                setReply(event.target.value);
                onTyping(event.target.value.trim() !== '');
              }}
              onBlur={() => onTyping(false)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) send();
              }}
            />
          </label>
          <button type="submit" disabled={reply.trim() === ''}>
            {t('comments.reply')}
          </button>
        </form>
      )}
      {mayResolve && (
        <button
          type="button"
          onClick={() => onResolve(!thread.resolved)}
          aria-label={t(thread.resolved ? 'comments.reopenLabel' : 'comments.resolveLabel', { label })}
        >
          {thread.resolved ? t('comments.reopen') : t('comments.resolve')}
        </button>
      )}
    </li>
  );
}

/** Thread id → who else is writing a reply to it now (from presence). */
function useReplying(awareness: Awareness): Map<string, string[]> {
  const [replying, setReplying] = useState<Map<string, string[]>>(new Map());
  useEffect(() => {
    let signature = '';
    const read = () => {
      const found = new Map<string, string[]>();
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const thread = (state as Record<string, unknown>)[REPLYING];
        const name = (state as { user?: { name?: string } }).user?.name;
        if (typeof thread !== 'string' || !name) return;
        found.set(thread, [...(found.get(thread) ?? []), name]);
      });
      const next = JSON.stringify([...found]);
      if (next === signature) return;
      signature = next;
      setReplying(found);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return replying;
}
