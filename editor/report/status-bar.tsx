import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CollaborationStatus } from './collaboration';

/** The connection state, and whether every local change has reached the server. */
export function StatusBar({ status }: { status: CollaborationStatus }) {
  const { t } = useTranslation();
  return (
    <div className="status">
      {/* Only the connection is spoken when it changes: "Saving…" at every keystroke was announced 18 times for 10 words. */}
      <span
        className={`connection connection-${status.connection}`}
        data-connection={status.connection}
        role="status"
        aria-live="polite"
      >
        {t(`status.${status.connection}`)}
      </span>
      <span className="saved" data-saved={status.saved}>
        {savedText(status, t)}
      </span>
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
