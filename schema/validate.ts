import type { Node as PMNode } from '@tiptap/pm/model';
import { reportSchema } from './extensions';
import { newId } from './ids';
import { type DocJSON, type NodeJSON, withoutEmptyProposals } from './json';

/** A report that does not fit the schema. The message says where. */
export class InvalidReportError extends Error {}

/**
 * Checks a document against the schema and gives every agreement and sub-item a unique id:
 * a missing id gets a new one, and of two that share an id (a copy-paste) the later gets a new one.
 * Returns the fixed JSON and how many ids it had to change.
 */
export function normalizeDoc(json: unknown): { doc: DocJSON; idsChanged: number } {
  let node: PMNode;
  try {
    node = reportSchema().nodeFromJSON(json);
    node.check();
  } catch (error) {
    throw new InvalidReportError(`the document does not fit the report schema: ${(error as Error).message}`);
  }
  if (node.type.name !== 'doc')
    throw new InvalidReportError(`the document's top node is "${node.type.name}", not "doc"`);
  const doc = withoutEmptyProposals(node.toJSON()) as DocJSON;
  const seen = new Set<string>();
  let idsChanged = 0;
  const visit = (current: NodeJSON): void => {
    if (current.type === 'agreement' || current.type === 'subItem') {
      const id = current.attrs?.id;
      if (typeof id !== 'string' || id === '' || seen.has(id)) {
        current.attrs = { ...current.attrs, id: newId() };
        idsChanged += 1;
      }
      seen.add(current.attrs?.id as string);
    }
    for (const child of current.content ?? []) visit(child);
  };
  visit(doc);
  return { doc, idsChanged };
}
