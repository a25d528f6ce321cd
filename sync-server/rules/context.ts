import type * as Y from 'yjs';
import type { Role } from '../auth/roles';

/** What a rule knows besides the transaction: who sent it, and the room's state before it. */
export interface RuleContext {
  role: Role;
  /** Agreements whose status was `agreed` before the transaction. */
  locked: ReadonlySet<Y.XmlElement>;
  /** The items the transaction created (computed once for every rule). */
  created: readonly Y.Item[];
}

/** A server rule: why the transaction may not stand (it is reverted), or null. */
export type Rule = (transaction: Y.Transaction, context: RuleContext) => string | null;
