import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { type CommentThread, commentsMap, readThreads } from '../../../schema/comments/threads';

/** The report's comment threads, live: read again whenever any thread changes (the comments map only). */
export function useThreads(doc: Y.Doc): CommentThread[] {
  const [threads, setThreads] = useState<CommentThread[]>(() => readThreads(doc));
  useEffect(() => {
    const map = commentsMap(doc);
    const read = () => setThreads(readThreads(doc));
    read();
    map.observeDeep(read);
    return () => map.unobserveDeep(read);
  }, [doc]);
  return threads;
}
