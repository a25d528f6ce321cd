import { mergeAttributes, Node } from '@tiptap/core';

/** A run of consecutive agreements. Numbering continues across lists through the whole report. */
export const AgreementList = Node.create({
  name: 'agreementList',
  content: 'agreement+',
  parseHTML() {
    return [{ tag: 'ol[data-type="agreement-list"]' }, { tag: 'ol:not([data-type])', priority: 40 }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['ol', mergeAttributes(HTMLAttributes, { 'data-type': 'agreement-list' }), 0];
  },
});
