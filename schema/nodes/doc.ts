import { Node } from '@tiptap/core';

/** The report: headings and paragraphs around lists of numbered agreements. */
export const ReportDoc = Node.create({
  name: 'doc',
  topNode: true,
  content: '(heading | paragraph | agreementList)+',
});
