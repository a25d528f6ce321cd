import { Plugin, PluginKey } from '@tiptap/pm/state';
import { importText, insertReport, looksNumbered } from '../../schema/index';

/**
 * Numbered text pasted from Word, a PDF or an e-mail (`1.` and `a)` lines) becomes agreements and
 * sub-items through the same importer as `accord convert`. Other pastes go through the schema's
 * HTML parsing, which keeps only what a report allows.
 */
export function pastePlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('accordPaste'),
    props: {
      handlePaste(view, event) {
        const text = event.clipboardData?.getData('text/plain') ?? '';
        if (!looksNumbered(text)) return false;
        const { report } = importText(text);
        return insertReport(report.doc)(view.state, view.dispatch);
      },
    },
  });
}
