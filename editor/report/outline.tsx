import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { useEffect, useState } from 'react';

interface Entry {
  label: string;
  words: string;
  pos: number;
  id: string | null;
  agreed: boolean;
}

/** The agreements by number and first words; choosing one puts the cursor there. */
export function Outline({
  editor,
  onStatus,
}: {
  editor: Editor;
  onStatus?: (id: string, status: 'agreed' | 'open') => void;
}) {
  const [entries, setEntries] = useState<Entry[]>(() => outlineOf(editor.state.doc));
  // The outline follows the document a moment later, not at every keystroke: in a report of
  // thousands of agreements, rebuilding it on each keystroke would slow typing down.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setEntries(outlineOf(editor.state.doc));
      }, 300);
    };
    editor.on('update', refresh);
    return () => {
      editor.off('update', refresh);
      if (timer) clearTimeout(timer);
    };
  }, [editor]);
  const jump = (pos: number) => {
    const { view } = editor;
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))).scrollIntoView());
    view.focus();
  };
  return (
    <nav className="outline" aria-label="Agreements">
      <h2>Agreements</h2>
      <ol>
        {entries.map((entry) => (
          <li key={entry.pos} data-agreed={entry.agreed}>
            <button type="button" onClick={() => jump(entry.pos)}>
              <span className="outline-label">{entry.label}</span> {entry.agreed ? '🔒 ' : ''}
              {entry.words}
            </button>
            {onStatus && entry.id && (
              <button
                type="button"
                className="status-toggle"
                data-status-for={entry.label}
                onClick={() => onStatus(entry.id!, entry.agreed ? 'open' : 'agreed')}
                title={
                  entry.agreed
                    ? 'Reopen this agreement for the delegations'
                    : 'Mark this agreement agreed (locks it for the delegations)'
                }
              >
                {entry.agreed ? 'Reopen' : 'Agree'}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function outlineOf(doc: PMNode): Entry[] {
  const entries: Entry[] = [];
  let number = 0;
  doc.forEach((block, offset) => {
    if (block.type.name !== 'agreementList') return;
    block.forEach((agreement, inner) => {
      number += 1;
      const words = agreement.firstChild?.textContent.split(/\s+/).slice(0, 8).join(' ') ?? '';
      entries.push({
        label: `${number}.`,
        words,
        pos: offset + 1 + inner + 2,
        id: typeof agreement.attrs.id === 'string' ? agreement.attrs.id : null,
        agreed: agreement.attrs.status === 'agreed',
      });
    });
  });
  return entries;
}
