import { useState } from 'react';
import { download } from './api';
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
  const exportAs = async (format: string) => {
    setError(null);
    try {
      await download(session, `/api/rooms/${session.room}/export?format=${format}`, `${session.room}.${format}`);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <details className="export-menu">
      <summary>Export</summary>
      <ul>
        {FORMATS.map(({ format, label }) => (
          <li key={format}>
            <button type="button" onClick={() => void exportAs(format)} data-format={format}>
              {label}
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </details>
  );
}
