import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { NodeSelection } from '@tiptap/pm/state';
import { memo, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFollowDocument } from '../follow-document';
import { brokenReferences } from './reference-view';

/** For the secretariat: references whose paragraph was deleted, which approval waits on; each one a click away. */
export const BrokenReferences = memo(function BrokenReferences({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState(() => brokenReferences(editor.state.doc));
  const follow = useCallback((doc: PMNode) => setBroken(brokenReferences(doc)), []);
  useFollowDocument(editor, follow);
  if (broken.length === 0) return null;
  const byItem = new Map<string, number[]>();
  for (const { label, pos } of broken) byItem.set(label, [...(byItem.get(label) ?? []), pos]);
  const goTo = (pos: number) => {
    if (pos >= editor.state.doc.content.size) return;
    editor.view.dispatch(editor.state.tr.setSelection(NodeSelection.create(editor.state.doc, pos)).scrollIntoView());
    editor.view.focus();
  };
  return (
    <section className="broken-references" aria-labelledby="broken-references-heading" data-broken={broken.length}>
      <h2 id="broken-references-heading">
        {t('references.broken')} <span className="count">{broken.length}</span>
      </h2>
      <p>{t('references.brokenHelp')}</p>
      <ul>
        {[...byItem].map(([label, positions]) => (
          <li key={label}>
            <button type="button" className="link-button" onClick={() => goTo(positions[0]!)}>
              {t('references.brokenIn', { count: positions.length, label: label || t('comments.report') })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
});
