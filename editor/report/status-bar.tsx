import type { CollaborationStatus } from './collaboration';

const CONNECTION_TEXT: Record<CollaborationStatus['connection'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: your changes are kept on this computer',
  refused: 'Not connected',
};

/** The connection state, and whether every local change has reached the server. */
export function StatusBar({ status }: { status: CollaborationStatus }) {
  return (
    <div className="status">
      {/* Only the connection is spoken when it changes: "Saving…" at every keystroke was announced 18 times for 10 words. */}
      <span
        className={`connection connection-${status.connection}`}
        data-connection={status.connection}
        role="status"
        aria-live="polite"
      >
        {CONNECTION_TEXT[status.connection]}
      </span>
      <span className="saved" data-saved={status.saved}>
        {savedText(status)}
      </span>
    </div>
  );
}

/** Never "Saving…" when nothing can be saved, nor "saved" beside a connection that says otherwise. */
function savedText(status: CollaborationStatus): string {
  if (status.saved) return status.connection === 'connected' ? 'All changes saved' : 'Nothing waiting to be saved';
  if (status.connection === 'refused') return 'Not saved: kept in this browser';
  if (status.connection === 'connected') return 'Saving…';
  return 'Kept in this browser until the connection returns';
}
