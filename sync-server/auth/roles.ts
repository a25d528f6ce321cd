/** Who may do what (DESIGN.md, Roles and access). The server enforces; the editor mirrors. */
export const ROLES = ['secretariat', 'delegate', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a role's document updates are applied. Observers read and follow only. */
export function canEdit(role: Role): boolean {
  return role === 'secretariat' || role === 'delegate';
}
