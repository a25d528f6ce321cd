import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Collaboration, CollaborationStatus } from './collaboration';
import { useStatusField } from './use-collaboration';

/**
 * The connection state, and whether every local change has reached the server. "Saved" changes at
 * every keystroke, so it is written into the page directly, not through React: each React commit
 * while the report has the focus makes React measure the selection across the whole editable text
 * (a walk of every text node of a 2,000-agreement report), twice a keystroke.
 */
export function StatusBar({ collaboration }: { collaboration: Collaboration }) {
  const { t } = useTranslation();
  const connection = useStatusField(collaboration, 'connection');
  const saved = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const show = () => {
      const element = saved.current;
      if (!element) return;
      const status = collaboration.current;
      const text = savedText(status, t);
      if (element.textContent !== text) element.textContent = text;
      element.dataset.saved = String(status.saved);
    };
    show();
    return collaboration.subscribe(show);
  }, [collaboration, t]);
  return (
    <div className="status">
      {/* Only the connection is spoken when it changes: "Saving…" at every keystroke was announced 18 times for 10 words. */}
      <span
        className={`connection connection-${connection}`}
        data-connection={connection}
        role="status"
        aria-live="polite"
      >
        {t(`status.${connection}`)}
      </span>
      <span className="saved" ref={saved} />
    </div>
  );
}

/** Never "Saving…" when nothing can be saved, nor "saved" beside a connection that says otherwise. */
function savedText(status: CollaborationStatus, t: TFunction): string {
  if (status.saved) return status.connection === 'connected' ? t('status.allSaved') : t('status.nothingWaiting');
  if (status.connection === 'refused') return t('status.notSaved');
  if (status.connection === 'connected') return t('status.saving');
  return t('status.keptUntilBack');
}
