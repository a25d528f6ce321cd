import * as Y from 'yjs';
import { allowedChildren, attributeProblem, markProblem, SETTINGS_KEYS } from '../../schema/yjs-shape';
import { withinComments } from './comment-anchors';
import type { Rule } from './context';
import { entryValue } from './new-items';

/**
 * Everything a client writes must be something the report's schema knows: element names where their
 * parent allows them, known attributes with valid values, known marks with known attributes, no
 * embedded objects, known settings. Anything else would be deleted by every editor that meets it
 * (y-tiptap deletes what it cannot show), so it is reverted before anyone sees it.
 */
export const schemaRule: Rule = (_transaction, context) => {
  for (const item of context.created) {
    if (item.deleted) continue;
    const problem = itemProblem(item);
    if (problem) return `not part of a report: ${problem}`;
  }
  return null;
};

function itemProblem(item: Y.Item): string | null {
  const parent = item.parent as Y.AbstractType<unknown> | null;
  // Comment threads have their own shape, checked with their authors (comments-rule.ts).
  if (parent && withinComments(parent, parent.doc!)) return null;
  if (parent instanceof Y.XmlText) return textItemProblem(item, parent);
  if (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment) {
    const parentName = parent instanceof Y.XmlElement ? parent.nodeName : 'doc';
    if (item.parentSub !== null) {
      if (!(parent instanceof Y.XmlElement)) return 'attributes on the report itself';
      if (!(item.content instanceof Y.ContentAny)) return `a structured value in ${parentName}'s attributes`;
      return attributeProblem(parentName, item.parentSub, entryValue(item));
    }
    if (!(item.content instanceof Y.ContentType)) return `loose values inside ${parentName}`;
    const child = item.content.type;
    const childName = child instanceof Y.XmlElement ? child.nodeName : child instanceof Y.XmlText ? '#text' : null;
    if (childName === null) return `a shared type other than an element or text inside ${parentName}`;
    if (!allowedChildren(parentName).has(childName))
      return childName === '#text' ? `text directly inside ${parentName}` : `${childName} inside ${parentName}`;
    return null;
  }
  if (parent instanceof Y.Map && parent._item === null) {
    // The settings map (admission lets only the report and the settings through as roots).
    const key = item.parentSub ?? '';
    const valid = SETTINGS_KEYS[key];
    if (!valid) return `"${key.slice(0, 40)}" is not a report setting`;
    if (!(item.content instanceof Y.ContentAny) || !valid(entryValue(item))) return `an invalid ${key} setting`;
    return null;
  }
  return 'content in a shared type a report does not have';
}

function textItemProblem(item: Y.Item, text: Y.XmlText): string | null {
  if (item.parentSub !== null) return 'attributes on a text run';
  const content = item.content;
  if (content instanceof Y.ContentString) return null;
  if (content instanceof Y.ContentFormat) {
    const owner = text.parent instanceof Y.XmlElement ? text.parent.nodeName : 'doc';
    return markProblem(content.key, content.value, owner);
  }
  return 'an embedded object inside text';
}
