import type { MarkType, NodeType } from '@tiptap/pm/model';
import { isThreadId } from './comments/threads';
import { reportSchema } from './extensions';
import { isProposalAttributes } from './marks/proposal-attributes';
import { HEADING_LEVELS } from './nodes/heading';
import { NEGOTIATION_MARKS } from './nodes/names';
import { isSubItemStyle } from './numbering';

/**
 * What the report's Y.Doc may hold, in the terms of its Yjs shape: Y.XmlElement names, their
 * attributes, Y.XmlText formatting keys. The editor's binding (y-tiptap) *deletes* any element or
 * text run it cannot turn into a ProseMirror node, and sends that deletion to everyone: so the
 * server refuses, before anyone's editor sees it, whatever these functions do not accept.
 */

/** The schema version the editor and the server speak; raised whenever a node, mark or attribute changes. */
export const SCHEMA_VERSION = 4;

/** Effective attribute values: what a missing attribute means (the schema's default). */
export function effectiveAttribute(nodeName: string, key: string, value: unknown): unknown {
  if (value !== undefined && value !== null) return value;
  const spec = nodeType(nodeName)?.spec.attrs?.[key];
  return spec && 'default' in spec ? (spec.default ?? null) : null;
}

function nodeType(name: string): NodeType | undefined {
  return reportSchema().nodes[name];
}

const allowedChildrenCache = new Map<string, Set<string>>();

/** The element names (and `#text` for a Y.XmlText) that may appear directly inside `parent`. */
export function allowedChildren(parent: string): ReadonlySet<string> {
  let allowed = allowedChildrenCache.get(parent);
  if (allowed) return allowed;
  allowed = new Set();
  const type = nodeType(parent);
  if (type) {
    for (const candidate of Object.values(reportSchema().nodes)) {
      if (!type.contentMatch.matchType(candidate) && !reachable(type, candidate)) continue;
      allowed.add(candidate.isText ? '#text' : candidate.name);
    }
  }
  allowedChildrenCache.set(parent, allowed);
  return allowed;
}

/** Whether `child` can appear anywhere in `parent`'s content expression (not only first). */
function reachable(parent: NodeType, child: NodeType): boolean {
  const seen = new Set<unknown>();
  const stack = [parent.contentMatch];
  while (stack.length > 0) {
    const match = stack.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      if (edge.type === child) return true;
      stack.push(edge.next);
    }
  }
  return false;
}

/** Why an element may not carry `key` = `value`, or null. */
export function attributeProblem(nodeName: string, key: string, value: unknown): string | null {
  const type = nodeType(nodeName);
  if (!type?.spec.attrs || !Object.hasOwn(type.spec.attrs, key))
    return `"${short(key)}" is not an attribute of ${nodeName}`;
  if (value === null || value === undefined) return null;
  const ok = ATTRIBUTE_VALUES[`${nodeName}.${key}`]?.(value) ?? typeof value === 'string';
  return ok ? null : `${nodeName}'s ${key} cannot be ${short(JSON.stringify(value))}`;
}

const ATTRIBUTE_VALUES: Record<string, (value: unknown) => boolean> = {
  'agreement.status': (value) => value === 'agreed' || value === 'open',
  'agreement.id': (value) => typeof value === 'string' && value.length <= 64,
  'subItem.id': (value) => typeof value === 'string' && value.length <= 64,
  'agreement.insertion': isProposalAttributes,
  'subItem.insertion': isProposalAttributes,
  'subItemList.style': isSubItemStyle,
  'reference.target': (value) => typeof value === 'string' && value.length > 0 && value.length <= 64,
  'heading.level': (value) => (HEADING_LEVELS as readonly unknown[]).includes(value),
};

/**
 * Why a Y.XmlText formatting key and value (a mark as y-tiptap writes it: `bold` → `{}`, `link` →
 * `{ href, … }`, possibly with a `--hash` suffix) may not appear inside `parentNode`, or null.
 */
export function markProblem(key: string, value: unknown, parentNode: string): string | null {
  const name = /(.*)(--[a-zA-Z0-9+/=]{8})$/.exec(key)?.[1] ?? key;
  const type: MarkType | undefined = reportSchema().marks[name];
  if (!type) return `"${short(name)}" is not a mark a report knows`;
  if (!nodeType(parentNode)?.allowsMarkType(type)) return `${name} is not allowed in ${parentNode}`;
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return `${name} has malformed attributes`;
  if ((NEGOTIATION_MARKS as readonly string[]).includes(name) && !isProposalAttributes(value))
    return `${name} needs an id, a delegation and a time`;
  if (name === 'comment' && !isThreadId((value as Record<string, unknown>).thread))
    return 'a comment anchor needs the id of its thread';
  for (const [attr, attrValue] of Object.entries(value as Record<string, unknown>)) {
    if (!type.spec.attrs || !Object.hasOwn(type.spec.attrs, attr)) return `"${short(attr)}" is not part of ${name}`;
    if (attrValue !== null && typeof attrValue === 'object') return `${name}'s ${attr} is malformed`;
  }
  return null;
}

/** Keys of the report's settings map and what each may hold. */
export const SETTINGS_KEYS: Record<string, (value: unknown) => boolean> = {
  subItemStyle: isSubItemStyle,
  meeting: (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((field) => typeof field === 'string' && field.length <= 500),
  schemaVersion: (value) => typeof value === 'number' && Number.isSafeInteger(value),
};

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
