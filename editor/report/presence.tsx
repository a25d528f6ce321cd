import { useEffect, useRef, useState } from 'react';
import type { Participant } from './use-collaboration';

/** Who is connected: delegation, role and the colour of their caret; arrivals and departures are announced. */
export function Presence({ participants }: { participants: Participant[] }) {
  const announcement = useArrivals(participants);
  return (
    <section className="presence" aria-label="Connected">
      <h2>Connected ({participants.length})</h2>
      <ul>
        {participants.map((participant) => (
          <li key={participant.clientId} data-name={participant.name} data-role={participant.role}>
            <span className="swatch" style={{ background: participant.color }} aria-hidden="true" />
            {participant.name}
            {participant.isSelf ? ' (you)' : ''} <span className="role">{participant.role}</span>
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status" aria-live="polite" data-announcement="">
        {announcement}
      </p>
    </section>
  );
}

/** "Canada joined", "Mexico left": once each, for screen readers (the first list is not announced). */
function useArrivals(participants: Participant[]): string {
  const previous = useRef<Set<string> | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const now = new Set(
      participants.filter((participant) => !participant.isSelf).map((participant) => participant.name),
    );
    const before = previous.current;
    previous.current = now;
    if (!before) return;
    const joined = [...now].filter((name) => !before.has(name));
    const left = [...before].filter((name) => !now.has(name));
    const parts = [...joined.map((name) => `${name} joined`), ...left.map((name) => `${name} left`)];
    if (parts.length > 0) setAnnouncement(`${parts.join('. ')}.`);
  }, [participants]);
  return announcement;
}
