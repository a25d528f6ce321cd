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

export interface Participant {
  clientId: number;
  name: string;
  role: string;
  color: string;
  isSelf: boolean;
  cursor: unknown;
}

/** Everyone present in the room, from awareness (names and roles as the server set them). */
export function useParticipants(collaboration: Collaboration): Participant[] {
  const awareness = collaboration.provider.awareness;
  const [participants, setParticipants] = useState<Participant[]>([]);
  useEffect(() => {
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
          cursor: (state as { cursor?: unknown }).cursor ?? null,
        });
      });
      list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
      setParticipants(list);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness, collaboration]);
  return participants;
}
