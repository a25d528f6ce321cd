import type * as Y from 'yjs';
import type { Role } from '../auth/roles';

/** Drafting: direct co-editing. Negotiation: every delegate's change is a proposal under its name. */
export type EditingMode = 'drafting' | 'negotiation';

/** What a rule knows besides the transaction: who sent it, and the room's state before it. */
export interface RuleContext {
  role: Role;
  /** Agreements whose status was `agreed` before the transaction. */
  locked: ReadonlySet<Y.XmlElement>;
  /** The report's editing mode: in `negotiation` a delegate's change must be a proposal. */
  mode: EditingMode;
  /** The name proposals of this connection carry: its delegation, or its role's name. */
  by: string;
  /** The day the report was approved (`YYYY-MM-DD`), or null while it is not. */
  approvedOn: string | null;
  /** The items the transaction created (computed once for every rule). */
  created: readonly Y.Item[];
}

/** A server rule: why the transaction may not stand (it is reverted), or null. */
export type Rule = (transaction: Y.Transaction, context: RuleContext) => string | null;
