import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { memo, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { delegationColour } from '../../schema/index';
import type { OpenNegotiation } from '../../schema/negotiation/open-items';
import { api } from './api';
import { useFollowDocument } from './follow-document';
import { openNegotiationIn } from './open-negotiation';
import type { Session } from './session';

/**
 * Every open proposal and bracket, by delegation, with what each participant may do about it: the
 * secretariat accepts or rejects (one, all from a delegation, all in an agreement) and lifts
 * brackets; a delegation withdraws its own. The server decides and everyone receives the result.
 * Choosing an entry puts the cursor on it.
 */
export const ProposalsPanel = memo(function ProposalsPanel({
  editor,
  session,
  me,
  readOnly,
  onError,
}: {
  editor: Editor;
  session: Session;
  /** The name this participant's proposals carry. */
  me: string;
  readOnly: boolean;
  onError: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<OpenNegotiation>(() => openNegotiationIn(editor.state.doc));
  const [busy, setBusy] = useState(false);
  // The same open items keep the same state: no render while others type elsewhere.
  const follow = useCallback(
    (doc: PMNode) =>
      setOpen((previous) => {
        const next = openNegotiationIn(doc);
        return JSON.stringify(next) === JSON.stringify(previous) ? previous : next;
      }),
    [],
  );
  useFollowDocument(editor, follow);
  if (open.proposals.length === 0 && open.brackets.length === 0) return null;
  const secretariat = session.role === 'secretariat';
  const run = (paths: string[], body?: unknown) => async () => {
    setBusy(true);
    try {
      for (const path of paths) await api(session, path, { method: 'POST', ...(body !== undefined ? { body } : {}) });
    } catch (error) {
      onError((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const goTo = (id: string) => {
    const pos = positionOf(editor, id);
    if (pos === null) return;
    editor.view.dispatch(
      editor.state.tr.setSelection(TextSelection.near(editor.state.doc.resolve(pos))).scrollIntoView(),
    );
    editor.view.focus();
  };
  const delegations = [...new Set(open.proposals.map((proposal) => proposal.by))].sort();
  const agreements = [...new Set(open.proposals.map((proposal) => proposal.label.split(' (')[0]!))];
  return (
    <section className="proposals-panel" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">
        {t('proposals.title')} <span className="count">{open.proposals.length}</span>
        {open.brackets.length > 0 && (
          <span className="count"> · {t('proposals.bracketsCount', { count: open.brackets.length })}</span>
        )}
      </h2>
      {secretariat && !readOnly && delegations.length > 0 && (
        <div className="bulk">
          {delegations.map((by) => (
            <button
              key={by}
              type="button"
              disabled={busy}
              onClick={run(
                open.proposals
                  .filter((proposal) => proposal.by === by)
                  .map((proposal) => `/proposals/${proposal.id}/accept`),
              )}
            >
              {t('proposals.acceptAllFrom', { by })}
            </button>
          ))}
          {agreements.length > 1 &&
            agreements.map((label) => (
              <button
                key={label}
                type="button"
                disabled={busy}
                onClick={run(
                  open.proposals
                    .filter((proposal) => proposal.label.split(' (')[0] === label)
                    .map((proposal) => `/proposals/${proposal.id}/accept`),
                )}
              >
                {t('proposals.acceptAllIn', { label })}
              </button>
            ))}
        </div>
      )}
      <ul className="proposal-list">
        {open.proposals.map((proposal) => (
          <li key={proposal.id} data-proposal={proposal.id} data-by={proposal.by} data-kind={proposal.kind}>
            <button type="button" className="go" onClick={() => goTo(proposal.id)}>
              <span className="swatch" style={{ background: delegationColour(proposal.by) }} aria-hidden="true" />
              {t(proposal.kind === 'insert' ? 'proposals.proposesAdd' : 'proposals.proposesDelete', {
                by: proposal.by,
              })}{' '}
              <q>{proposal.text || t('proposals.newItem')}</q> {t('proposals.inItem', { label: proposal.label })}
            </button>
            {!readOnly && secretariat && (
              <>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('proposals.acceptLabel', { by: proposal.by, label: proposal.label })}
                  onClick={run([`/proposals/${proposal.id}/accept`])}
                >
                  {t('proposals.accept')}
                </button>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('proposals.rejectLabel', { by: proposal.by, label: proposal.label })}
                  onClick={run([`/proposals/${proposal.id}/reject`])}
                >
                  {t('proposals.reject')}
                </button>
              </>
            )}
            {!readOnly && !secretariat && proposal.by === me && (
              <button
                type="button"
                disabled={busy}
                aria-label={t('proposals.withdrawLabel', { label: proposal.label })}
                onClick={run([`/proposals/${proposal.id}/reject`])}
              >
                {t('proposals.withdraw')}
              </button>
            )}
          </li>
        ))}
        {open.brackets.map((bracket) => (
          <li key={bracket.id} data-bracket={bracket.id}>
            <button type="button" className="go" onClick={() => goTo(bracket.id)}>
              [<q>{bracket.text}</q>] {t('proposals.bracketed', { label: bracket.label, by: bracket.by })}
            </button>
            {!readOnly && secretariat && (
              <>
                <button
                  type="button"
                  disabled={busy}
                  onClick={run([`/brackets/${bracket.id}/resolve`], { keep: true })}
                >
                  {t('proposals.keepWords')}
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={run([`/brackets/${bracket.id}/resolve`], { keep: false })}
                >
                  {t('proposals.removeWords')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
});

/** Where a proposal or bracket (by id) starts in the editor's document. */
function positionOf(editor: Editor, id: string): number | null {
  let found: number | null = null;
  editor.state.doc.descendants((node, pos) => {
    if (found !== null) return false;
    if ((node.attrs.insertion as { id?: string } | null | undefined)?.id === id) {
      found = pos + 2;
      return false;
    }
    if (node.marks.some((mark) => (mark.attrs as { id?: unknown }).id === id)) {
      found = pos;
      return false;
    }
    return true;
  });
  return found;
}
