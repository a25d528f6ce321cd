import { useEffect, useState, useSyncExternalStore } from 'react';
import { Collaboration, type CollaborationStatus } from './collaboration';
import type { Session } from './session';

/** One Collaboration per mounted report, destroyed when the page leaves it. */
export function useCollaboration(session: Session): Collaboration | null {
  const [collaboration, setCollaboration] = useState<Collaboration | null>(null);
  useEffect(() => {
    const created = new Collaboration(session);
    setCollaboration(created);
    return () => {
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
