import * as Y from 'yjs';
import { newId } from './ids';
import { REPORT_FIELD } from './nodes/names';
import { allowedChildren, attributeProblem, markProblem, SCHEMA_VERSION } from './yjs-shape';

/**
 * Brings a report's Y.Doc to today's schema without losing a word: unknown marks are lifted (the
 * text stays, unformatted), unknown or invalid attributes removed (the default applies), an element
 * the schema does not know where it stands is replaced by what may stand there holding its text,
 * agreements and sub-items without an id get one, and the settings record the schema version.
 * The editor's binding would otherwise *delete* such content, and the exporters drop it.
 *
 * Mutates `doc`; call it inside one transaction. Returns what it changed, for a log line or warnings.
 */
export function upgradeReportDoc(doc: Y.Doc, settings?: Y.Map<unknown>): string[] {
  const changes: string[] = [];
  const seenIds = new Set<string>();
  const visit = (parent: Y.XmlElement | Y.XmlFragment, parentName: string): void => {
    const allowed = allowedChildren(parentName);
    const children = parent.toArray();
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]!;
      if (child instanceof Y.XmlText) {
        if (!allowed.has('#text')) {
          replaceWithText(parent, index, child.toString(), parentName, changes, 'text');
          continue;
        }
        liftUnknownMarks(child, parentName, changes);
        continue;
      }
      if (!(child instanceof Y.XmlElement)) continue;
      if (!allowed.has(child.nodeName)) {
        replaceWithText(parent, index, plainText(child), parentName, changes, child.nodeName);
        continue;
      }
      for (const [key, value] of Object.entries(child.getAttributes())) {
        if (attributeProblem(child.nodeName, key, value)) {
          child.removeAttribute(key);
          changes.push(`removed the attribute ${key} of a ${child.nodeName}`);
        }
      }
    }
    // Ids in document order, so the first of two copies keeps its id (as the editor's plugin does).
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'agreement' || child.nodeName === 'subItem') {
        const id = child.getAttribute('id');
        if (typeof id !== 'string' || id === '' || seenIds.has(id)) {
          const fresh = newId();
          child.setAttribute('id', fresh);
          seenIds.add(fresh);
          changes.push(`gave a ${child.nodeName} an id`);
        } else {
          seenIds.add(id);
        }
      }
      visit(child, child.nodeName);
    }
  };
  visit(doc.getXmlFragment(REPORT_FIELD), 'doc');
  if (settings && settings.get('schemaVersion') !== SCHEMA_VERSION) settings.set('schemaVersion', SCHEMA_VERSION);
  return changes;
}

/** Whether a report's Y.Doc holds anything `upgradeReportDoc` would change in its report. */
export function needsUpgrade(doc: Y.Doc): boolean {
  const check = (parent: Y.XmlElement | Y.XmlFragment, parentName: string): boolean => {
    const allowed = allowedChildren(parentName);
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlText) {
        if (!allowed.has('#text')) return true;
        if (
          child
            .toDelta()
            .some((run: DeltaRun) => typeof run.insert !== 'string' || unknownMarks(run, parentName).length > 0)
        )
          return true;
        continue;
      }
      if (!(child instanceof Y.XmlElement) || !allowed.has(child.nodeName)) return true;
      for (const [key, value] of Object.entries(child.getAttributes()))
        if (attributeProblem(child.nodeName, key, value)) return true;
      if (check(child, child.nodeName)) return true;
    }
    return false;
  };
  return check(doc.getXmlFragment(REPORT_FIELD), 'doc');
}

interface DeltaRun {
  insert: unknown;
  attributes?: Record<string, unknown>;
}

function unknownMarks(run: DeltaRun, parentName: string): string[] {
  return Object.entries(run.attributes ?? {})
    .filter(([key, value]) => markProblem(key, value, parentName) !== null)
    .map(([key]) => key);
}

function liftUnknownMarks(text: Y.XmlText, parentName: string, changes: string[]): void {
  let index = 0;
  const embeds: number[] = [];
  for (const run of text.toDelta() as DeltaRun[]) {
    const length = typeof run.insert === 'string' ? run.insert.length : 1;
    if (typeof run.insert !== 'string') embeds.push(index);
    const unknown = unknownMarks(run, parentName);
    if (unknown.length > 0) {
      text.format(index, length, Object.fromEntries(unknown.map((key) => [key, null])));
      changes.push(`lifted the unknown mark ${unknown.join(', ')} (its text kept)`);
    }
    index += length;
  }
  // An embedded object has no text to keep; it cannot be shown either.
  for (const at of embeds.reverse()) {
    text.delete(at, 1);
    changes.push('removed an embedded object from text');
  }
}

/** Replaces `parent`'s child at `index` with what may stand there holding `words`. */
function replaceWithText(
  parent: Y.XmlElement | Y.XmlFragment,
  index: number,
  words: string,
  parentName: string,
  changes: string[],
  what: string,
): void {
  parent.delete(index, 1);
  const allowed = allowedChildren(parentName);
  const wrap = (names: string[]): Y.XmlElement => {
    const [outer, ...inner] = names;
    const element = new Y.XmlElement(outer!);
    element.insert(0, [inner.length > 0 ? wrap(inner) : new Y.XmlText(words)]);
    return element;
  };
  if (words === '') {
    changes.push(`removed an empty ${what} the report does not know`);
    return;
  }
  if (allowed.has('#text')) parent.insert(index, [new Y.XmlText(words)]);
  else if (allowed.has('paragraph')) parent.insert(index, [wrap(['paragraph'])]);
  else if (allowed.has('agreement')) parent.insert(index, [wrap(['agreement', 'paragraph'])]);
  else if (allowed.has('subItem')) parent.insert(index, [wrap(['subItem', 'paragraph'])]);
  else {
    changes.push(`removed a ${what} that cannot stand in ${parentName}: "${words.slice(0, 60)}"`);
    return;
  }
  changes.push(`kept the text of a ${what} the report does not know as plain text`);
}

function plainText(element: Y.XmlElement): string {
  const parts: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText): void => {
    if (node instanceof Y.XmlText) {
      for (const run of node.toDelta() as DeltaRun[]) if (typeof run.insert === 'string') parts.push(run.insert);
      return;
    }
    for (const child of node.toArray()) if (child instanceof Y.XmlElement || child instanceof Y.XmlText) walk(child);
  };
  walk(element);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
