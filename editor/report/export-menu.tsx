import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from './api';
import type { Session } from './session';

const FORMATS = ['txt', 'md', 'html', 'docx', 'pdf', 'akn', 'json'] as const;

/** Downloads an export from the server, authorised by the session's token (sent as a header, not in a URL). */
export function ExportMenu({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const close = useCallback(() => {
    if (menu.current) menu.current.open = false;
  }, []);
  // The menu closes after a download, on Esc, and on a click elsewhere, as menus do.
  useEffect(() => {
    const outside = (event: MouseEvent) => {
      if (menu.current && !menu.current.contains(event.target as Node)) close();
    };
    const onEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && menu.current?.open) {
        close();
        menu.current.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', onEscape);
    };
  }, [close]);
  const exportAs = async (format: string) => {
    setError(null);
    try {
      await download(session, `/api/rooms/${session.room}/export?format=${format}`, `${session.room}.${format}`);
      close();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <details className="export-menu" ref={menu}>
      <summary>{t('exportMenu.title')}</summary>
      <ul>
        {FORMATS.map((format) => (
          <li key={format}>
            <button type="button" onClick={() => void exportAs(format)} data-format={format}>
              {t(`exportMenu.${format}`)}
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </details>
  );
}
