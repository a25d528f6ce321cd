import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Every key the report answers to, in one place: `?` (outside the text) or the header's "Keys". */
const SHORTCUTS: [keys: string, action: string][] = [
  ['Enter', 'enter'],
  ['Shift+Enter', 'shiftEnter'],
  ['Tab / Shift+Tab', 'tab'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'undo'],
  ['Ctrl+B, Ctrl+I, Ctrl+U', 'marks'],
  ['', 'brackets'],
  ['Ctrl+F', 'find'],
  ['Esc', 'escape'],
  ['F6 / Shift+F6', 'f6'],
  ['?', 'help'],
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // A modal dialog: focus moves in, the page behind is inert, Esc closes it.
    element.showModal();
    const closed = () => onClose();
    element.addEventListener('close', closed);
    return () => element.removeEventListener('close', closed);
  }, [onClose]);
  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('keys.title')}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={action}>
              <th scope="row">
                <kbd>{keys || t('keys.bracketsKeys')}</kbd>
              </th>
              <td>{t(`keys.${action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => dialog.current?.close()}>
        {t('keys.close')}
      </button>
    </dialog>
  );
}
