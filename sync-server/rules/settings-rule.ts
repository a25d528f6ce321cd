import { SETTINGS_FIELD } from '../../schema/index';
import type { Rule } from './context';

/** The report's settings (letter style, meeting) are the secretariat's. */
export const settingsRule: Rule = (transaction, context) => {
  if (context.role === 'secretariat') return null;
  const settings: unknown = transaction.doc.getMap(SETTINGS_FIELD);
  for (const type of transaction.changed.keys()) {
    if (type === settings) return 'only the secretariat changes the report settings';
  }
  return null;
};
