import type { Participant } from './use-collaboration';

/** Who is connected: delegation, role and the colour of their caret. */
export function Presence({ participants }: { participants: Participant[] }) {
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
    </section>
  );
}
