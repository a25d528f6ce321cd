import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from './use-collaboration';

/** Who is connected: delegation, role and the colour of their caret; arrivals and departures are announced. */
export function Presence({ participants }: { participants: Participant[] }) {
  const { t } = useTranslation();
  const announcement = useArrivals(participants);
  return (
    <section className="presence" aria-label={t('presence.label')}>
      <h2>{t('presence.title', { count: participants.length })}</h2>
      <ul>
        {participants.map((participant) => (
          <li key={participant.clientId} data-name={participant.name} data-role={participant.role}>
            <span className="swatch" style={{ background: participant.color }} aria-hidden="true" />
            {participant.name}
            {participant.isSelf ? t('presence.you') : ''}{' '}
            <span className="role">{t(`page.roles.${participant.role}`, { defaultValue: participant.role })}</span>
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
  const { t } = useTranslation();
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
    const parts = [
      ...joined.map((name) => t('presence.joined', { name })),
      ...left.map((name) => t('presence.left', { name })),
    ];
    if (parts.length > 0) setAnnouncement(`${parts.join('. ')}.`);
  }, [participants, t]);
  return announcement;
}
