import { useState } from 'react';
import type { Session } from './session';

const FORMATS = [
  { format: 'txt', label: 'Text' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML (print-ready)' },
  { format: 'docx', label: 'Word (.docx)' },
  { format: 'pdf', label: 'PDF' },
  { format: 'akn', label: 'Akoma Ntoso XML' },
  { format: 'json', label: 'JSON' },
] as const;

/** Downloads an export from the server, authorised by the session's token (sent as a header, not in a URL). */
export function ExportMenu({ session }: { session: Session }) {
  const [error, setError] = useState<string | null>(null);
  const download = async (format: string) => {
    setError(null);
    const response = await fetch(`/api/rooms/${session.room}/export?format=${format}`, {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      setError(body.error ?? `export failed (${response.status})`);
      return;
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${session.room}.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <details className="export-menu">
      <summary>Export</summary>
      <ul>
        {FORMATS.map(({ format, label }) => (
          <li key={format}>
            <button type="button" onClick={() => void download(format)} data-format={format}>
              {label}
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </details>
  );
}
