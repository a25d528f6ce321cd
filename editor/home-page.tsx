import { type FormEvent, useState } from 'react';

/** What Accord is, and a way in: join the demo report as a delegation or follow it as an observer. */
export function HomePage() {
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
      setError(body.error ?? `the server answered ${response.status}`);
      return;
    }
    window.location.assign(body.path);
  };

  return (
    <main className="home">
      <h1>Accord</h1>
      <p className="lead">Co-draft the report of an intergovernmental meeting, live.</p>
      <p>
        Delegations write the report together from their laptops: preamble paragraphs, then numbered agreements with
        lettered sub-items, numbered correctly whatever everyone does at once. Each delegation sees the others’ carets;
        the secretariat finalises the wording; observers follow; the text exports exactly as the report is laid out.
      </p>
      <section className="demo" aria-labelledby="demo-title">
        <h2 id="demo-title">Try the demo report</h2>
        <form onSubmit={(event) => void open('delegate', event)}>
          <label>
            Your delegation{' '}
            <input
              value={delegation}
              onChange={(event) => setDelegation(event.target.value)}
              placeholder="e.g. Costa Rica"
              required
              maxLength={60}
            />
          </label>
          <button type="submit">Join as a delegation</button>
          <button type="button" onClick={() => void open('observer')}>
            Follow as an observer
          </button>
        </form>
        {error && <p role="alert">Could not open the demo: {error}</p>}
        <p className="hint">The secretariat’s link is printed by the server when it first starts.</p>
      </section>
    </main>
  );
}
