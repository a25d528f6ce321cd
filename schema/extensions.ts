import type { AnyExtension } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Link from '@tiptap/extension-link';
import Text from '@tiptap/extension-text';
import Underline from '@tiptap/extension-underline';
import type { Schema } from '@tiptap/pm/model';
import { Bracket } from './marks/bracket';
import { Comment } from './marks/comment';
import { Deletion } from './marks/deletion';
import { Insertion } from './marks/insertion';
import { Agreement } from './nodes/agreement';
import { AgreementList } from './nodes/agreement-list';
import { ReportDoc } from './nodes/doc';
import { Heading } from './nodes/heading';
import { Paragraph } from './nodes/paragraph';
import { Reference } from './nodes/reference';
import { SubItem } from './nodes/sub-item';
import { SubItemList } from './nodes/sub-item-list';

/** Link hrefs a report may carry: web, mail and in-report anchors. Anything else is dropped. */
export function isSafeHref(href: unknown): href is string {
  return typeof href === 'string' && /^(https?:|mailto:|#)/i.test(href.trim());
}

/** The report's node and mark extensions. The editor adds its behaviour (collaboration, carets) on top. */
export function reportExtensions(): AnyExtension[] {
  return [
    ReportDoc,
    Heading,
    Paragraph,
    AgreementList,
    Agreement,
    SubItemList,
    SubItem,
    Reference,
    Text,
    Bold,
    Italic,
    Underline,
    Link.configure({
      openOnClick: false,
      autolink: true,
      protocols: ['mailto'],
      isAllowedUri: (url) => isSafeHref(url),
    }),
    Insertion,
    Deletion,
    Bracket,
    Comment,
  ];
}

let cached: Schema | undefined;

/** The ProseMirror schema, built without a DOM so the server and CLI can use it. */
export function reportSchema(): Schema {
  cached ??= getSchema(reportExtensions());
  return cached;
}
