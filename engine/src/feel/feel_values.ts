import { DateTime } from 'luxon'
import { FeelDate, FeelDateTime, FeelDuration, FeelTime, isFunction, isRange } from 'feelin'

/** A JSON value, the only kind of value a variable may hold. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** A JSON object: a variable document, a context result. */
export type JsonObject = { [key: string]: JsonValue }

/**
 * The name of a value's type in incident messages, as Zeebe prints it
 * ("Expected result of the expression 'x' to be 'STRING', but was 'NULL'").
 */
export function feelTypeName(value: unknown): string {
  if (value === null || value === undefined) {
    return 'NULL'
  }
  if (typeof value === 'string') {
    return 'STRING'
  }
  if (typeof value === 'number') {
    return 'NUMBER'
  }
  if (typeof value === 'boolean') {
    return 'BOOLEAN'
  }
  if (Array.isArray(value)) {
    return 'ARRAY'
  }
  if (value instanceof FeelDateTime) {
    return 'DATE_TIME'
  }
  if (value instanceof FeelDate) {
    return 'DATE'
  }
  if (value instanceof FeelTime) {
    return 'TIME'
  }
  if (value instanceof FeelDuration) {
    return 'DURATION'
  }
  if (isFunction(value) || typeof value === 'function') {
    return 'FUNCTION'
  }
  if (isRange(value)) {
    return 'RANGE'
  }
  return 'OBJECT'
}

/**
 * Formats a FEEL date-time the way Zeebe stores temporal results in variables: an ISO-8601
 * string with an offset (`2024-05-01T10:00:00+02:00`), followed by the region in brackets for a
 * named zone (`…+02:00[Europe/Paris]`), `Z` for UTC, no offset for a local date-time.
 */
export function formatDateTime(value: FeelDateTime): string {
  const zone = value.zone
  if (zone === null) {
    return value.value.toString()
  }
  if (zone === 'UTC' || zone === 'Z' || zone.startsWith('+') || zone.startsWith('-')) {
    return value.iso
  }
  const local = value.value.toString()
  const zoned = DateTime.fromISO(local, { zone })
  if (!zoned.isValid) {
    return value.iso
  }
  return `${zoned.toISO({ suppressMilliseconds: true })}[${zone}]`
}

/**
 * Converts a FEEL result to a JSON value, following Zeebe's conventions: temporal values become
 * ISO-8601 strings (a date `2024-05-01`, a time `10:00:00`, a date-time as `formatDateTime`, a
 * duration `P1DT2H`), contexts become objects, lists arrays; functions, ranges and non-finite
 * numbers have no JSON form and become `null`.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) {
    return null
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : null
    case 'object':
      break
    default:
      return null
  }
  if (Array.isArray(value)) {
    return value.map(toJsonValue)
  }
  if (value instanceof FeelDateTime) {
    return formatDateTime(value)
  }
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDuration) {
    return value.iso
  }
  if (isFunction(value) || isRange(value)) {
    return null
  }
  const result: JsonObject = {}
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    result[key] = toJsonValue(entry)
  }
  return result
}

/**
 * Checks that a value is plain JSON (what the API accepts as variables) and returns the path of
 * the first offending part, or `null` when the whole value is JSON.
 */
export function findNonJson(value: unknown, path: string): string | null {
  if (value === null) {
    return null
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null
    case 'number':
      return Number.isFinite(value) ? null : `${path} (a non-finite number)`
    case 'object':
      break
    default:
      return `${path} (a ${typeof value})`
  }
  if (Array.isArray(value)) {
    for (const [index, entry] of value.entries()) {
      const found = findNonJson(entry, `${path}[${index}]`)
      if (found) {
        return found
      }
    }
    return null
  }
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) {
    return `${path} (a ${(value as object).constructor?.name ?? 'non-plain object'})`
  }
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (entry === undefined) {
      return `${path}.${key} (undefined)`
    }
    const found = findNonJson(entry, `${path}.${key}`)
    if (found) {
      return found
    }
  }
  return null
}
