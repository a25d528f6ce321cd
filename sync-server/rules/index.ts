import type * as Y from 'yjs';
import { approvalRule } from './approval-rule';
import { commentsRule } from './comments-rule';
import type { Rule, RuleContext } from './context';
import { identityRule } from './identity-rule';
import { locksRule } from './locks';
import { negotiationRule } from './negotiation-rule';
import { newItems } from './new-items';
import { schemaRule } from './schema-rule';
import { settingsRule } from './settings-rule';

export type { EditingMode, Rule, RuleContext } from './context';
export { agreementIdOf, lockedAgreements } from './locks';

/** Every rule a client's transaction must pass, in the order their reasons are reported. */
const RULES: readonly Rule[] = [
  schemaRule,
  approvalRule,
  settingsRule,
  identityRule,
  locksRule,
  negotiationRule,
  commentsRule,
];

/** The first rule the transaction breaks (its reason), or null. The one place rules are called from. */
export function ruleViolation(transaction: Y.Transaction, context: Omit<RuleContext, 'created'>): string | null {
  const full: RuleContext = { ...context, created: newItems(transaction) };
  for (const rule of RULES) {
    const reason = rule(transaction, full);
    if (reason) return reason;
  }
  return null;
}
