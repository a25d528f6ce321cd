import { useEffect, useState, useSyncExternalStore } from 'react';
import { pageOpened } from '../service-worker';
import { Collaboration, type CollaborationStatus } from './collaboration';
import type { Session } from './session';

/** The longest the editor waits for its connection to open before it is built all the same. */
const CONNECTING_MS = 100;

/**
 * One Collaboration per mounted report, destroyed when the page leaves it. It is handed to the page
 * (which builds the editor, ~0.2 s of script for a long report) once its connection is open, or
 * after `CONNECTING_MS` (offline, a slow network): built at once, the editor held up the socket's
 * opening, so the request for the report left only after it and its answer came ~0.1 s later; now
 * the server prepares and sends the report while the editor is built.
 */
export function useCollaboration(session: Session): Collaboration | null {
  const [collaboration, setCollaboration] = useState<Collaboration | null>(null);
  useEffect(() => {
    const created = new Collaboration(session);
    let handed = false;
    const hand = () => {
      if (handed) return;
      handed = true;
      clearTimeout(timer);
      created.provider.off('status', onStatus);
      setCollaboration(created);
    };
    // y-websocket sends its request for the report right after this event, before React renders.
    const onStatus = ({ status }: { status: string }) => status === 'connected' && hand();
    created.provider.on('status', onStatus);
    const timer = setTimeout(hand, CONNECTING_MS);
    // The report is on the page: the offline copy of the application may be installed now.
    created.provider.once('sync', pageOpened);
    return () => {
      handed = true;
      clearTimeout(timer);
      created.provider.off('status', onStatus);
      created.destroy();
      setCollaboration(null);
    };
  }, [session]);
  return collaboration;
}

export function useCollaborationStatus(collaboration: Collaboration): CollaborationStatus {
  return useSyncExternalStore(
    (listener) => collaboration.subscribe(listener),
    () => collaboration.current,
  );
}

/**
 * One field of the status: the component renders again only when that field changes. "Saved" flips
 * at every keystroke; the report page, which reads the connection and the notices, must not render
 * again each time (only the status bar, which reads it all, does).
 */
export function useStatusField<K extends keyof CollaborationStatus>(
  collaboration: Collaboration,
  field: K,
): CollaborationStatus[K] {
  return useSyncExternalStore(
    (listener) => collaboration.subscribe(listener),
    () => collaboration.current[field],
  );
}

export interface Participant {
  clientId: number;
  name: string;
  role: string;
  color: string;
  isSelf: boolean;
}

/**
 * Everyone present in the room, from awareness (names and roles as the server set them). Every caret
 * move is an awareness change; the page renders again only when someone arrives, leaves or is renamed.
 */
export function useParticipants(collaboration: Collaboration): Participant[] {
  const awareness = collaboration.provider.awareness;
  const [participants, setParticipants] = useState<Participant[]>([]);
  useEffect(() => {
    let signature = '';
    const read = () => {
      const list: Participant[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: string; role?: string; color?: string } }).user;
        if (!user?.name) return;
        list.push({
          clientId,
          name: user.name,
          role: user.role ?? (clientId === awareness.clientID ? collaboration.session.role : 'delegate'),
          color: user.color ?? '#555',
          isSelf: clientId === awareness.clientID,
        });
      });
      list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
      const next = JSON.stringify(list);
      if (next === signature) return;
      signature = next;
      setParticipants(list);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness, collaboration]);
  return participants;
}
