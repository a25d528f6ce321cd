import { useEffect, useState } from 'react';
import type { Collaboration } from './collaboration';

export interface Approval {
  versionId: string;
  at: string;
  by: string;
}

export interface ServerState {
  approval: Approval | null;
  /** The meeting's title, when the room is a meeting's (its heading instead of the room id). */
  title: string | null;
  /** Drafting, or negotiation (every delegate's change is a proposal). */
  mode: 'drafting' | 'negotiation';
}

/**
 * What only the server decides reaches the editor as the server's own presence (an awareness state
 * with an `accord` field that no client may write): the report's approval.
 */
export function useServerState(collaboration: Collaboration): ServerState {
  const awareness = collaboration.provider.awareness;
  const [state, setState] = useState<ServerState>({ approval: null, title: null, mode: 'drafting' });
  useEffect(() => {
    const read = () => {
      let approval: Approval | null = null;
      let title: string | null = null;
      let mode: ServerState['mode'] = 'drafting';
      for (const value of awareness.getStates().values()) {
        // Only the server's own presence counts: it alone has no `user` (the server gives every
        // client's presence one, and strips `accord` from them too).
        if ('user' in value) continue;
        const accord = (
          value as { accord?: { approval?: Approval | null; meeting?: { title?: unknown } | null; mode?: unknown } }
        ).accord;
        if (!accord) continue;
        approval = accord.approval ?? null;
        mode = accord.mode === 'negotiation' ? 'negotiation' : 'drafting';
        title = typeof accord.meeting?.title === 'string' ? accord.meeting.title : null;
      }
      setState((previous) =>
        JSON.stringify(previous.approval) === JSON.stringify(approval) &&
        previous.title === title &&
        previous.mode === mode
          ? previous
          : { approval, title, mode },
      );
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return state;
}
