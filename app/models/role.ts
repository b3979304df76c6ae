/**
 * The fixed set of roles a user can hold. BPMN candidate groups may name a
 * role code as well as a unit code.
 */
export const ROLES = ['admin', 'process_owner', 'staff', 'leader', 'auditor'] as const

/**
 * One of {@link ROLES}.
 */
export type Role = (typeof ROLES)[number]

/**
 * Tells whether a string is a role code.
 */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}
