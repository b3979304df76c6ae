import { isRecord } from './feel/feel_expression.js'

/**
 * Dot paths into JSON values (`data.token`, `items.0.id`): how session
 * logins find their token and how templates find a field.
 */

/** The value at a dot path (`data.token`, `items.0.id`) of a JSON value. */
export function valueAtPath(value: unknown, path: string): unknown {
  let current: unknown = value
  for (const segment of path.split('.').filter((part) => part !== '')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)]
    else if (isRecord(current)) current = current[segment]
    else return undefined
  }
  return current
}

/** Sets the value at a dot path of an object, creating intermediate objects. */
export function setValueAtPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown
): void {
  const segments = path.split('.').filter((part) => part !== '')
  let current = target
  for (const segment of segments.slice(0, -1)) {
    if (!isRecord(current[segment])) current[segment] = {}
    current = current[segment] as Record<string, unknown>
  }
  current[segments[segments.length - 1]] = value
}
