import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportComparison } from '../../schema/index';
import { displayReference } from '../../schema/negotiation/open-items';
import { api, download } from './api';
import type { Approval } from './server-state';
import type { Session } from './session';

interface Version {
  id: string;
  name: string;
  createdAt: string;
  createdBy: { name: string };
  approved: boolean;
}

interface Invitation {
  id: string;
  role: string;
  delegation: string | null;
  path: string;
  revokedAt: string | null;
  /** `cli` for a link made with `accord token`. */
  source?: 'cli';
}

/** What the secretariat runs the meeting with: versions, comparison, approval, invitations, activity. */
export function SecretariatPanel({
  session,
  approval,
  mode,
}: {
  session: Session;
  approval: Approval | null;
  mode: 'drafting' | 'negotiation';
}) {
  const { t } = useTranslation();
  const [versions, setVersions] = useState<Version[]>([]);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [comparison, setComparison] = useState<{ name: string; result: ReportComparison } | null>(null);
  const [qr, setQr] = useState<{ label: string; image: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setVersions((await api<{ versions: Version[] }>(session, '/versions')).versions.reverse());
      setInvitations((await api<{ invitations: Invitation[] }>(session, '/invitations')).invitations);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [session]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: an approval or reopening adds a version to list.
  useEffect(() => {
    void refresh();
  }, [refresh, approval]);

  const act = (work: () => Promise<unknown>) => async () => {
    setError(null);
    try {
      await work();
      await refresh();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const saveVersion = act(async () => {
    const name = window.prompt(
      t('secretariat.versionName'),
      t('secretariat.draftName', { time: new Date().toLocaleTimeString() }),
    );
    if (name !== null) await api(session, '/versions', { method: 'POST', body: { name } });
  });
  const approve = act(async () => {
    if (window.confirm(t('secretariat.approveConfirm'))) await api(session, '/approve', { method: 'POST' });
  });
  const reopen = act(async () => {
    if (window.confirm(t('secretariat.reopenConfirm'))) await api(session, '/reopen', { method: 'POST' });
  });
  const compare = (version: Version) =>
    act(async () =>
      setComparison({
        name: version.name,
        result: await api<ReportComparison>(session, `/compare?from=${version.id}&to=current`),
      }),
    );
  const restore = (version: Version) =>
    act(async () => {
      if (window.confirm(t('secretariat.restoreConfirm', { name: version.name }))) {
        await api(session, `/versions/${version.id}/restore`, { method: 'POST' });
      }
    });
  const revoke = (invitation: Invitation) =>
    act(async () => {
      const who = invitation.delegation ?? invitation.role;
      if (!window.confirm(t('secretariat.revokeConfirm', { who }))) return;
      const response = await fetch(`/api/invitations/${invitation.id}/revoke`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.token}` },
      });
      if (!response.ok) throw new Error(((await response.json()) as { error: string }).error);
    });
  const [copied, setCopied] = useState<string | null>(null);
  const copyLink = async (invitation: Invitation) => {
    try {
      await navigator.clipboard.writeText(`${window.location.origin}${invitation.path}`);
      setCopied(invitation.id);
      setTimeout(() => setCopied((current) => (current === invitation.id ? null : current)), 3000);
    } catch {
      setError(t('secretariat.copyRefused'));
    }
  };
  const showQr = async (invitation: Invitation) => {
    const url = `${window.location.origin}${invitation.path}`;
    setQr({
      label: invitation.delegation ?? invitation.role,
      image: await QRCode.toDataURL(url, { margin: 1, width: 480 }),
    });
  };

  return (
    <section className="secretariat" aria-label={t('secretariat.title')}>
      <h2>{t('secretariat.title')}</h2>
      {error && (
        <p role="alert">
          {error}
          {/open proposals or brackets/.test(error) && (
            <>
              {' '}
              <a href="#proposals-heading">{t('secretariat.seeOpen')}</a>
            </>
          )}
        </p>
      )}
      <fieldset className="mode" disabled={approval !== null}>
        <legend>{t('secretariat.mode')}</legend>
        {(['drafting', 'negotiation'] as const).map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name="editing-mode"
              value={choice}
              checked={mode === choice}
              onChange={act(() => api(session, '/mode', { method: 'POST', body: { mode: choice } }))}
            />{' '}
            {t(`secretariat.${choice}`)}
          </label>
        ))}
      </fieldset>
      <div className="secretariat-actions">
        <button type="button" onClick={saveVersion} disabled={approval !== null}>
          {t('secretariat.saveVersion')}
        </button>
        {approval ? (
          <button type="button" onClick={reopen}>
            {t('secretariat.reopen')}
          </button>
        ) : (
          <button type="button" onClick={approve}>
            {t('secretariat.approve')}
          </button>
        )}
        <button
          type="button"
          onClick={act(() => download(session, `/api/rooms/${session.room}/activity?format=csv`, 'activity.csv'))}
        >
          {t('secretariat.activity')}
        </button>
      </div>
      <NewMeeting session={session} onError={setError} />
      <h3>{t('secretariat.versions')}</h3>
      <ul className="versions">
        {versions.map((version) => (
          <li key={version.id} data-version={version.id}>
            <span>
              {version.approved ? '✔ ' : ''}
              {version.name} <small>{new Date(version.createdAt).toLocaleString()}</small>
            </span>
            <button type="button" onClick={compare(version)}>
              {t('secretariat.compare')}
            </button>
            <button type="button" onClick={restore(version)} disabled={approval !== null}>
              {t('secretariat.restore')}
            </button>
          </li>
        ))}
        {versions.length === 0 && <li className="empty">{t('secretariat.noVersions')}</li>}
      </ul>
      {comparison && (
        <Comparison name={comparison.name} result={comparison.result} onClose={() => setComparison(null)} />
      )}
      <h3>{t('secretariat.invitations')}</h3>
      <ul className="invitations">
        {invitations.map((invitation) => (
          <li key={invitation.id} data-invitation={invitation.id} data-revoked={invitation.revokedAt !== null}>
            <span>
              {invitation.delegation ?? invitation.role}{' '}
              <small>
                {invitation.role}
                {invitation.source === 'cli' ? t('secretariat.madeOnServer') : ''}
              </small>
            </span>
            {invitation.revokedAt ? (
              <small>{t('secretariat.revoked')}</small>
            ) : (
              <>
                <button type="button" onClick={() => void copyLink(invitation)} aria-live="polite">
                  {copied === invitation.id ? t('secretariat.copied') : t('secretariat.copyLink')}
                </button>
                <button type="button" onClick={() => void showQr(invitation)}>
                  {t('secretariat.qr')}
                </button>
                <button type="button" onClick={revoke(invitation)}>
                  {t('secretariat.revoke')}
                </button>
              </>
            )}
          </li>
        ))}
        {invitations.length === 0 && <li className="empty">{t('secretariat.noLinks')}</li>}
      </ul>
      {qr && (
        <div
          className="qr"
          role="dialog"
          aria-modal="true"
          aria-label={t('secretariat.invitationFor', { who: qr.label })}
          onKeyDown={(event) => event.key === 'Escape' && setQr(null)}
        >
          <p>{qr.label}</p>
          <img src={qr.image} alt={t('secretariat.qrOf', { who: qr.label })} />
          {/* Focus goes into the dialog, so a keyboard user is where the dialog is. */}
          <button type="button" onClick={() => setQr(null)} ref={(button) => button?.focus()}>
            {t('secretariat.close')}
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * The changes since a version, over the whole width of the page (a modal dialog: Esc closes it), in
 * large type when shown to the room on the projector. Items are named as people say them: `3 (c)`.
 */
function Comparison({ name, result, onClose }: { name: string; result: ReportComparison; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = result.items.filter((item) => item.change !== 'unchanged');
  const dialog = useRef<HTMLDialogElement>(null);
  const [large, setLarge] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    element.addEventListener('close', onClose);
    return () => element.removeEventListener('close', onClose);
  }, [onClose]);
  const said = (reference: string | undefined) => (reference ? displayReference(reference) : '—');
  return (
    <dialog
      ref={dialog}
      className={`comparison${large ? ' large' : ''}`}
      aria-label={t('secretariat.changesSince', { name })}
    >
      <p>
        {t('secretariat.since', { name, ...result.summary })}{' '}
        <button type="button" aria-pressed={large} onClick={() => setLarge(!large)}>
          {t('secretariat.largeType')}
        </button>{' '}
        <button onClick={() => dialog.current?.close()} type="button">
          {t('secretariat.close')}
        </button>
      </p>
      <ol>
        {changed.map((item, index) => (
          <li key={item.id ?? index} data-change={item.change}>
            <strong>
              {item.from && item.to && item.from.reference === item.to.reference
                ? said(item.to.reference)
                : `${said(item.from?.reference)} → ${said(item.to?.reference)}`}
            </strong>{' '}
            {withOffsets(item.words).map(({ word, at }) =>
              word.type === 'insert' ? (
                <ins key={at}>{word.text}</ins>
              ) : word.type === 'delete' ? (
                <del key={at}>{word.text}</del>
              ) : (
                <span key={at}>{word.text}</span>
              ),
            )}
          </li>
        ))}
      </ol>
    </dialog>
  );
}

/** Each part of a word diff keyed by where it starts, so React keeps it while the list is shown. */
function withOffsets(words: ReportComparison['items'][number]['words']) {
  let at = 0;
  return words.map((word) => {
    const part = { word, at: `${at}${word.type}` };
    at += word.text.length;
    return part;
  });
}

/** A new meeting: its room, its metadata and its invitation links (the same as `accord meeting create`). */
function NewMeeting({ session, onError }: { session: Session; onError: (message: string) => void }) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<{ room: string; invitations: Invitation[] } | null>(null);
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const response = await fetch('/api/meetings', {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(form.entries())),
    });
    const body = (await response.json()) as { room: string; invitations: Invitation[]; error?: string };
    if (!response.ok) onError(body.error ?? t('home.serverAnswered', { status: response.status }));
    else setCreated(body);
  };
  return (
    <details className="new-meeting">
      <summary>{t('secretariat.newMeeting')}</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t('secretariat.meetingTitle')} <input name="title" required />
        </label>
        <label>
          {t('secretariat.meetingDate')} <input name="date" type="date" />
        </label>
        <label>
          {t('secretariat.meetingVenue')} <input name="venue" />
        </label>
        <label>
          {t('secretariat.meetingDelegations')} <input name="delegations" required />
        </label>
        <button type="submit">{t('secretariat.createAndInvite')}</button>
      </form>
      {created && (
        <ul>
          {created.invitations.map((invitation) => (
            <li key={invitation.id}>
              <a href={invitation.path} target="_blank" rel="noreferrer">
                {invitation.delegation ?? invitation.role}
              </a>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
