import { onlyCommentAnchors, withinComments } from './comment-anchors';
import type { Rule } from './context';

/**
 * An approved report does not change: nobody's update may touch its text, structure or settings.
 * Comments stay possible (threads, and the anchors that mark their words), as they change no text.
 */
export const approvalRule: Rule = (transaction, context) => {
  if (context.approvedOn === null) return null;
  const doc = transaction.doc;
  const outside = (type: unknown) => !withinComments(type as never, doc);
  if (onlyCommentAnchors(transaction, context, outside)) return null;
  return `approved: the report was approved on ${context.approvedOn} and can no longer change`;
};
