import type { Editor } from '@tiptap/core';
import { EditorContent, useEditor } from '@tiptap/react';
import { type CSSProperties, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { delegationColour, readSettings } from '../../schema/index';
import { LanguagePicker } from '../language-picker';
import { api } from './api';
import { type Authorship, sharesText } from './authorship/authorship';
import { redrawAuthorship, setAuthorship as showAuthorship } from './authorship/authorship-plugin';
import { WriterDirectory } from './authorship/writers';
import type { Collaboration } from './collaboration';
import { type CommentTarget, commentTarget } from './comments/comment-target';
import { CommentsPanel } from './comments/comments-panel';
import { useThreads } from './comments/use-threads';
import { ExportMenu } from './export-menu';
import { editorExtensions } from './extensions';
import { FindBar } from './find-bar';
import { cycleRegion } from './keyboard-regions';
import { Outline } from './outline';
import { Presence } from './presence';
import { followSecretariat } from './projector';
import { ProposalsPanel } from './proposals-panel';
import { BrokenReferences } from './references/broken-references';
import { ReferencePicker } from './references/reference-picker';
import { SecretariatPanel } from './secretariat-panel';
import { useServerState } from './server-state';
import { displayName, readSession, type Session } from './session';
import { ShortcutsDialog } from './shortcuts-dialog';
import { StatusBar } from './status-bar';
import { Toolbar } from './toolbar';
import { useCollaboration, useParticipants, useStatusField } from './use-collaboration';

/** `/r/:room#token=…`: the report, live. */
export function ReportPage({ room }: { room: string }) {
  const { t } = useTranslation();
  const session = useMemo(() => readSession(room), [room]);
  if (!session) {
    return (
      <main className="home">
        <h1>Accord</h1>
        <p role="alert">{t('page.noInvitation', { room })}</p>
      </main>
    );
  }
  return <LiveReport session={session} />;
}

function LiveReport({ session }: { session: Session }) {
  const { t } = useTranslation();
  const collaboration = useCollaboration(session);
  if (!collaboration) return <p className="loading">{t('page.opening')}</p>;
  return <ReportEditor session={session} collaboration={collaboration} />;
}

function ReportEditor({ session, collaboration }: { session: Session; collaboration: Collaboration }) {
  // Field by field: "saved" changes at every keystroke, and only the status bar shows it.
  const status = {
    connection: useStatusField(collaboration, 'connection'),
    notice: useStatusField(collaboration, 'notice'),
    outdated: useStatusField(collaboration, 'outdated'),
    refusal: useStatusField(collaboration, 'refusal'),
  };
  const participants = useParticipants(collaboration);
  const [projector, setProjector] = useState(false);
  const { approval, title, mode } = useServerState(collaboration);
  // The secretariat edits directly, and may choose to propose instead (its wording then waits for
  // acceptance like a delegation's).
  const [secretariatProposes, setSecretariatProposes] = useState(false);
  // A refused connection (a revoked or expired link, an out-of-date page) leaves the text readable
  // and kept in this browser, but nothing typed now could ever be saved: no editing.
  const readOnly = session.role === 'observer' || approval !== null || status.connection === 'refused';
  // The projector shows the text to the room: nobody types on it, not even the secretariat's window.
  const editable = !readOnly && !projector;
  const { t, i18n } = useTranslation();
  // `name` is what proposals and presence carry (the server's name for this connection); what the
  // header shows is translated when it is a role, never when it is a delegation.
  const name = displayName(session);
  const shownName = session.delegation ?? t(`page.roleNames.${session.role}`);
  const subItemStyle = () => readSettings(collaboration.doc).subItemStyle;
  const proposing =
    editable &&
    ((session.role === 'delegate' && mode === 'negotiation') ||
      (session.role === 'secretariat' && secretariatProposes));
  // The editor's extensions are made once; they read who proposes now through this ref.
  const negotiation = useRef({ proposing, editable, name });
  negotiation.current = { proposing, editable, name };
  // Comments change no words: allowed on agreed text and an approved report, not to observers.
  const canComment = session.role !== 'observer' && status.connection !== 'refused' && !projector;
  const [composing, setComposing] = useState<CommentTarget | null>(null);
  const [picking, setPicking] = useState(false);
  const startComment = useRef(() => {});
  // "Who wrote what": off by default (drawing it walks the whole report, see authorship-plugin.ts).
  const directory = useMemo(() => new WriterDirectory(session), [session]);
  const [authorship, setAuthorship] = useState<Authorship | null>(null);
  const [showAuthors, setShowAuthors] = useState(false);
  const editorRef = useRef<Editor | null>(null);
  const threads = useThreads(collaboration.doc);
  const openThreads = useMemo(
    () => new Set(threads.filter((thread) => !thread.resolved).map((thread) => thread.id)),
    [threads],
  );
  const editor = useEditor(
    {
      extensions: editorExtensions(
        collaboration,
        { name, color: delegationColour(name) },
        subItemStyle,
        {
          proposingAs: () => (negotiation.current.proposing ? negotiation.current.name : null),
          bracketAs: () => (negotiation.current.editable ? negotiation.current.name : null),
        },
        {
          onComment: () => startComment.current(),
          onReference: () => setPicking(true),
          authorship: {
            writers: () => directory.writers,
            fetchWriters: (unknown) =>
              directory.missing(unknown, () => {
                if (editorRef.current) redrawAuthorship(editorRef.current.view);
              }),
            onDrawn: (drawn) => setAuthorship(drawn),
          },
        },
      ),
      editable,
      editorProps: {
        // A labelled multi-line text box: a label on an element without a role is not announced.
        attributes: {
          class: 'report-editor',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': t('page.textLabel', { room: session.room }),
          spellcheck: 'true',
        },
      },
    },
    [collaboration],
  );

  editorRef.current = editor;
  const toggleAuthors = async () => {
    if (!editor) return;
    const on = !showAuthors;
    setShowAuthors(on);
    if (on) {
      try {
        await directory.refresh();
      } catch (error) {
        collaboration.notify((error as Error).message);
      }
    } else setAuthorship(null);
    showAuthorship(editor.view, on);
  };
  const shares = useMemo(() => {
    if (!authorship || !showAuthors) return null;
    const texts = new Map<string, string>();
    for (const [id, counts] of authorship.byAgreement)
      texts.set(
        id,
        sharesText(counts, (who, percent) => `${who || t('authorship.unknown')} ${percent} %`),
      );
    return texts;
  }, [authorship, showAuthors, t]);

  startComment.current = () => {
    if (!editor || !canComment) return;
    const target = commentTarget(editor.state);
    if (!target) {
      collaboration.notify(t('comments.selectFirst'));
      return;
    }
    setComposing(target);
    setDrawer('side');
  };

  const [finding, setFinding] = useState(false);
  // On a tablet or a phone the side panels are drawers over the text (CSS decides when).
  const [drawer, setDrawer] = useState<'outline' | 'side' | null>(null);
  const toggleDrawer = (which: 'outline' | 'side') => setDrawer((open) => (open === which ? null : which));
  const closeDrawer = useCallback(() => setDrawer(null), []);
  const [shortcuts, setShortcuts] = useState(false);
  // F6 between the page's regions, Ctrl-F finds in the report (not the browser's find, which cannot
  // see agreements the browser has not laid out), `?` outside the text lists the keys.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        setFinding(true);
        return;
      }
      if (event.key === 'Escape' && document.querySelector('.workspace[class*="drawer-"]')) {
        setDrawer(null);
        return;
      }
      if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        setShortcuts(true);
        return;
      }
      if (event.key !== 'F6') return;
      event.preventDefault();
      cycleRegion(event.shiftKey);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);

  // Esc leaves the projector.
  useEffect(() => {
    if (!projector) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setProjector(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [projector]);

  // Stable, so the outline's rows are not all rendered again whenever the page is.
  const setStatus = useCallback(
    (id: string, status: 'agreed' | 'open') =>
      void api(session, `/agreements/${id}/status`, { method: 'POST', body: { status } }).catch((error: Error) =>
        collaboration.notify(error.message),
      ),
    [session, collaboration],
  );

  useEffect(() => {
    if (!editor || !projector) return;
    return followSecretariat(editor, collaboration);
  }, [editor, projector, collaboration]);

  return (
    <div className={`report-page${projector ? ' projector' : ''}`} data-role={session.role}>
      <a className="skip-link" href="#report-text">
        {t('page.skipLink')}
      </a>
      <header className="report-header">
        <div className="title">
          <a href="/" className="brand">
            Accord
          </a>
          <h1>{title ?? session.room}</h1>
          <span className="me">
            {/* "Secretariat · secretariat" says one thing twice. */}
            {name.toLowerCase() === session.role ? shownName : `${shownName} · ${t(`page.roles.${session.role}`)}`}
          </span>
        </div>
        <StatusBar collaboration={collaboration} />
        <div className="actions">
          <button
            type="button"
            className="drawer-toggle"
            aria-expanded={drawer === 'outline'}
            aria-controls="outline-drawer"
            onClick={() => toggleDrawer('outline')}
          >
            {t('page.agreementsDrawer')}
          </button>
          <button
            type="button"
            className="drawer-toggle drawer-toggle-side"
            aria-expanded={drawer === 'side'}
            aria-controls="side-drawer"
            onClick={() => toggleDrawer('side')}
          >
            {session.role === 'secretariat' ? t('page.secretariatDrawer') : t('page.participantsDrawer')}
          </button>
          <ExportMenu session={session} />
          <button type="button" onClick={() => setFinding(true)} aria-keyshortcuts="Control+F">
            {t('page.find')}
          </button>
          <button type="button" onClick={() => setShortcuts(true)} aria-keyshortcuts="?">
            {t('page.keys')}
          </button>
          <button type="button" aria-pressed={showAuthors} onClick={() => void toggleAuthors()}>
            {t('authorship.toggle')}
          </button>
          <button type="button" aria-pressed={projector} onClick={() => setProjector(!projector)}>
            {t('page.projector')}
          </button>
          <LanguagePicker />
        </div>
      </header>
      {approval && (
        <div className="banner approved" role="status" data-approved="true">
          {t(session.role === 'secretariat' ? 'page.approvedSecretariat' : 'page.approved', {
            date: new Date(approval.at).toLocaleDateString(i18n.resolvedLanguage, {
              year: 'numeric',
              month: 'long',
              day: 'numeric',
            }),
            by: approval.by,
          })}
        </div>
      )}
      {mode === 'negotiation' && !approval && (
        <div className="banner negotiation" role="status" data-mode="negotiation">
          {session.role === 'delegate'
            ? t('page.negotiationDelegate', { name })
            : session.role === 'secretariat'
              ? t('page.negotiationSecretariat')
              : t('page.negotiationObserver')}
          {session.role === 'secretariat' && !readOnly && (
            <label className="inline-toggle">
              <input
                type="checkbox"
                checked={secretariatProposes}
                onChange={(event) => setSecretariatProposes(event.target.checked)}
              />{' '}
              {t('page.proposeToo')}
            </label>
          )}
        </div>
      )}
      {session.role === 'observer' && (
        <div className="banner" role="status">
          {t('page.observer')}
        </div>
      )}
      {status.notice && (
        <div className="banner notice" role="alert">
          {t('page.notAccepted', { reason: status.notice.reason })}
          {status.notice.refusedText.trim() && (
            <>
              {' '}
              {t('page.yourText')} <q className="refused-text">{status.notice.refusedText}</q>
            </>
          )}{' '}
          <button type="button" className="dismiss" onClick={() => collaboration.dismissNotice()}>
            {t('page.close')}
          </button>
        </div>
      )}
      {status.outdated && (
        <div className="banner error" role="alert" data-outdated="true">
          {t('page.outdated')}{' '}
          <button type="button" onClick={() => window.location.reload()}>
            {t('page.reload')}
          </button>
        </div>
      )}
      {status.refusal && (
        <div className="banner error" role="alert">
          {t('page.refused', { reason: status.refusal })}
        </div>
      )}
      {editor && !readOnly && !projector && (
        <Toolbar
          editor={editor}
          subItemStyle={subItemStyle}
          bracketAs={name}
          onComment={() => startComment.current()}
          onReference={() => setPicking(true)}
        />
      )}
      {editor && picking && editable && <ReferencePicker editor={editor} onClose={() => setPicking(false)} />}
      {editor && finding && !projector && <FindBar editor={editor} onClose={() => setFinding(false)} />}
      {shortcuts && <ShortcutsDialog onClose={() => setShortcuts(false)} />}
      {showAuthors && authorship && (
        <p className="authorship-legend" data-legend="">
          {t('authorship.legend')}:{' '}
          {[...authorship.writers.values()].map((writer) => (
            <span key={writer.name} className="legend-entry" data-author={writer.name}>
              <span className="swatch" style={{ background: writer.color }} aria-hidden="true" /> {writer.name}
            </span>
          ))}
        </p>
      )}
      <div className={`workspace${drawer ? ` drawer-${drawer}` : ''}`}>
        {/* The skip link lands here; the text itself takes the focus. */}
        <main
          className="document"
          id="report-text"
          tabIndex={-1}
          // The word an agreed agreement shows beside its number (styles.css), in the interface's language.
          style={{ '--agreed-word': JSON.stringify(t('outline.agreedBadge')) } as CSSProperties}
          onFocus={(event) => {
            if (event.target === event.currentTarget) editor?.commands.focus();
          }}
        >
          <EditorContent editor={editor} />
        </main>
        {/* After the text in reading (and Tab) order, drawn on its left: the text is first. */}
        {editor && !projector && (
          <div className="outline-drawer" id="outline-drawer">
            <Outline
              editor={editor}
              // Choosing an agreement on a phone closes the drawer over the text.
              onChosen={closeDrawer}
              openThreads={openThreads}
              authors={shares}
              {...(session.role === 'secretariat' && !approval ? { onStatus: setStatus } : {})}
            />
          </div>
        )}
        {!projector && (
          <aside className="side" id="side-drawer">
            <Presence participants={participants} />
            {editor && (
              <ProposalsPanel
                editor={editor}
                session={session}
                me={name}
                readOnly={readOnly}
                onError={(message) => collaboration.notify(message)}
              />
            )}
            {editor && (
              <CommentsPanel
                editor={editor}
                doc={collaboration.doc}
                awareness={collaboration.provider.awareness}
                me={name}
                canWrite={canComment}
                secretariat={session.role === 'secretariat'}
                composing={composing}
                onComposed={() => setComposing(null)}
                onNew={() => startComment.current()}
                onError={(message) => collaboration.notify(message)}
              />
            )}
            {editor && session.role === 'secretariat' && <BrokenReferences editor={editor} />}
            {session.role === 'secretariat' && <SecretariatPanel session={session} approval={approval} mode={mode} />}
          </aside>
        )}
      </div>
    </div>
  );
}

/** Whether a key goes into something being typed in (a field or the report's text). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
