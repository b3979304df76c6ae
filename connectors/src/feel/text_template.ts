import { valueAtPath } from '../json_path.js'
import { evaluateFeel } from './feel_expression.js'

/**
 * Templates an administrator (or a process owner) writes for mail subjects
 * and bodies, HTTP paths, query parameters and bodies: `{{name}}` or
 * `{{dossier.number}}` placeholders over the job's business fields, or a
 * whole FEEL expression when the text starts with `=`. Rendering is one
 * pass: a value that itself contains `{{…}}` is not expanded again, and
 * `{{secrets.…}}` is never resolved here (secrets belong to configurations).
 */

/** `{{ path }}` with a dotted path of identifiers. */
export const TEMPLATE_PLACEHOLDER = /\{\{\s*([A-Za-z_\p{L}][\w\p{L}]*(?:\.[\w\p{L}]+)*)\s*\}\}/gu

/** How values are written into text. */
export interface RenderOptions {
  /** Escape `& < > " '` in substituted values (HTML bodies). */
  escapeHtml?: boolean
  /** Name used in FEEL error messages. */
  purpose?: string
}

/** Renders a text template: FEEL when it starts with `=`, placeholders otherwise; null and missing values render empty. */
export function renderText(
  template: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {}
): string {
  if (template.trimStart().startsWith('=')) {
    const value = evaluateFeel(template, variables, options.purpose ?? 'template')
    return textOf(value)
  }
  return template.replace(TEMPLATE_PLACEHOLDER, (_placeholder, path: string) => {
    if (path.startsWith('secrets.')) return ''
    const text = textOf(valueAtPath(variables, path))
    return options.escapeHtml ? escapeHtml(text) : text
  })
}

/**
 * Renders a JSON template: a string that is exactly one placeholder (or a
 * FEEL expression) takes the typed value; other strings are rendered as
 * text; objects and lists are rendered member by member.
 */
export function renderJsonTemplate(template: unknown, variables: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const trimmed = template.trim()
    if (trimmed.startsWith('=')) return evaluateFeel(trimmed, variables, 'body template')
    const whole = /^\{\{\s*([A-Za-z_\p{L}][\w\p{L}]*(?:\.[\w\p{L}]+)*)\s*\}\}$/u.exec(trimmed)
    if (whole)
      return whole[1].startsWith('secrets.') ? null : (valueAtPath(variables, whole[1]) ?? null)
    return renderText(template, variables)
  }
  if (Array.isArray(template)) return template.map((item) => renderJsonTemplate(item, variables))
  if (template !== null && typeof template === 'object') {
    const rendered: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(template))
      rendered[key] = renderJsonTemplate(value, variables)
    return rendered
  }
  return template
}

/** The placeholder paths a text template uses. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(TEMPLATE_PLACEHOLDER)].map((match) => match[1])
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}
