import { ROLES, type Role } from '../api/users'

/**
 * A candidate list of a user task as the model holds it: plain values
 * (`CONSULAR-LEGAL, leader`) or one FEEL expression (`= [unitCode]`) that
 * the pickers cannot show as choices.
 */
export interface CandidateList {
  values: string[]
  expression: string | null
}

/**
 * Reads `candidateGroups` or `candidateUsers`: a FEEL expression (starts
 * with `=`) is kept whole; otherwise the comma-separated values, trimmed,
 * without empties and repeats.
 */
export function parseCandidates(text: string | null | undefined): CandidateList {
  const trimmed = (text ?? '').trim()
  if (trimmed.startsWith('=')) return { values: [], expression: trimmed }
  const values = trimmed
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
  return { values: [...new Set(values)], expression: null }
}

/**
 * Writes a candidate list the way the docs show it: `A, B`.
 */
export function formatCandidates(values: readonly string[]): string {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))].join(', ')
}

/**
 * Whether a candidate group names a role (`leader`) rather than a unit code.
 */
export function isRoleGroup(group: string): group is Role {
  return (ROLES as readonly string[]).includes(group)
}
