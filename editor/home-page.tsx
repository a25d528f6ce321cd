import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from './language-picker';

/** What Accord is, and a way in: join the demo report as a delegation or follow it as an observer. */
export function HomePage() {
  const { t } = useTranslation();
  const [delegation, setDelegation] = useState('');
  const [error, setError] = useState<string | null>(null);

  const open = async (role: 'delegate' | 'observer', event?: FormEvent) => {
    event?.preventDefault();
    setError(null);
    const response = await fetch('/api/demo/link', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role, delegation: delegation.trim() || undefined }),
    });
    const body = (await response.json()) as { path?: string; error?: string };
    if (!response.ok || !body.path) {
      setError(body.error ?? t('home.serverAnswered', { status: response.status }));
      return;
    }
    window.location.assign(body.path);
  };

  return (
    <main className="home">
      <LanguagePicker />
      <h1>Accord</h1>
      <p className="lead">{t('home.lead')}</p>
      <p>{t('home.about')}</p>
      <section className="demo" aria-labelledby="demo-title">
        <h2 id="demo-title">{t('home.demoTitle')}</h2>
        <form onSubmit={(event) => void open('delegate', event)}>
          <label>
            {t('home.yourDelegation')}{' '}
            <input
              value={delegation}
              onChange={(event) => setDelegation(event.target.value)}
              placeholder={t('home.delegationExample')}
              required
              maxLength={60}
            />
          </label>
          <button type="submit">{t('home.joinAsDelegation')}</button>
          <button type="button" onClick={() => void open('observer')}>
            {t('home.followAsObserver')}
          </button>
        </form>
        {error && <p role="alert">{t('home.couldNotOpen', { error })}</p>}
        <p className="hint">{t('home.secretariatHint')}</p>
      </section>
    </main>
  );
}
