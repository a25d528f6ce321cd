import { useEffect, useState } from 'react';
import type { Collaboration } from './collaboration';

export interface Approval {
  versionId: string;
  at: string;
  by: string;
}

export interface ServerState {
  approval: Approval | null;
}

/**
 * What only the server decides reaches the editor as the server's own presence (an awareness state
 * with an `accord` field that no client may write): the report's approval.
 */
export function useServerState(collaboration: Collaboration): ServerState {
  const awareness = collaboration.provider.awareness;
  const [state, setState] = useState<ServerState>({ approval: null });
  useEffect(() => {
    const read = () => {
      let approval: Approval | null = null;
      for (const value of awareness.getStates().values()) {
        // Only the server's own presence counts: it alone has no `user` (the server gives every
        // client's presence one, and strips `accord` from them too).
        if ('user' in value) continue;
        const accord = (value as { accord?: { approval?: Approval | null } }).accord;
        if (accord) approval = accord.approval ?? null;
      }
      setState((previous) =>
        JSON.stringify(previous.approval) === JSON.stringify(approval) ? previous : { approval },
      );
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return state;
}
