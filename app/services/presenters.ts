/**
 * A person as lists show them (who changed a draft, who published a
 * version): id, email and full name; null when unknown.
 */
export function personOf(user: { id: number; email: string; fullName: string } | null | undefined) {
  return user ? { id: user.id, email: user.email, fullName: user.fullName } : null
}
