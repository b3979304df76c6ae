/**
 * A readable id from a name, for forms created in the studio (what
 * `zeebe:formDefinition formId` names): Vietnamese letters without their
 * marks, lower case, words joined by `-`, at most 48 characters, starting
 * with a letter (an XML name, as the server requires).
 * "Đơn đề nghị hợp pháp hóa" → `don-de-nghi-hop-phap-hoa`.
 */
export function idFromName(name: string, fallback = 'form'): string {
  const plain = name
    .replace(/[đĐ]/g, (letter) => (letter === 'đ' ? 'd' : 'D'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '')
  if (!plain) return fallback
  return /^[a-z]/.test(plain) ? plain : `${fallback}-${plain}`
}

/**
 * `id` with a short random suffix, to try again when the id is taken.
 */
export function withSuffix(id: string): string {
  const suffix = Math.floor(Math.random() * 0xffff)
    .toString(16)
    .padStart(4, '0')
  return `${id.slice(0, 43)}-${suffix}`
}
