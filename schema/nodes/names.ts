/**
 * Node and mark names. They are the ProseMirror JSON `type`s and the Y.XmlElement names,
 * so the editor, the server and every exporter agree on them.
 */
export const NODE_NAMES = [
  'doc',
  'heading',
  'paragraph',
  'agreementList',
  'agreement',
  'subItemList',
  'subItem',
  'reference',
  'text',
] as const;
export type NodeName = (typeof NODE_NAMES)[number];

export const MARK_NAMES = [
  'bold',
  'italic',
  'underline',
  'link',
  'insertion',
  'deletion',
  'bracket',
  'comment',
] as const;

/** The marks of negotiation: proposals by a delegation and square brackets. */
export const NEGOTIATION_MARKS = ['insertion', 'deletion', 'bracket'] as const;
export type NegotiationMark = (typeof NEGOTIATION_MARKS)[number];
export type MarkName = (typeof MARK_NAMES)[number];

/** The Y.XmlFragment that holds the report in the Y.Doc (TipTap's Collaboration `field`). */
export const REPORT_FIELD = 'report';
