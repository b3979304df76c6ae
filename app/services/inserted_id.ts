/**
 * The id of a row inserted with `.returning('id')`: better-sqlite3 answers
 * `[{ id }]`, mysql2 `[insertId]`; this reads either.
 */
export function insertedId(inserted: unknown): number {
  return Number(
    inserted !== null && typeof inserted === 'object' ? (inserted as { id: unknown }).id : inserted
  )
}
