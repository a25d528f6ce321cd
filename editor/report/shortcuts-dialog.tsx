import { useEffect, useRef } from 'react';

/** Every key the report answers to, in one place: `?` (outside the text) or the header's "Keys". */
const SHORTCUTS: [string, string][] = [
  ['Enter', 'the next agreement or sub-item (in the middle: split it); in negotiation, a proposed one'],
  ['Shift+Enter', 'a new paragraph in the same agreement or sub-item'],
  ['Tab / Shift+Tab', 'make a sub-item of the agreement above / lift one level (in negotiation: propose it)'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo your own last step'],
  ['Ctrl+B, Ctrl+I, Ctrl+U', 'bold, italic, underline'],
  ['Ctrl+Alt+B, or [ over a selection', 'square brackets around the selection'],
  ['Ctrl+F', 'find in the report (Enter / Shift+Enter: next / previous, Esc: back to the text)'],
  ['Esc', 'leave the text for the toolbar'],
  ['F6 / Shift+F6', 'the next / previous region: header, toolbar, text, outline, side panel'],
  ['?', 'this list (outside the text)'],
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
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
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
