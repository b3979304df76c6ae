// @vitest-environment node
/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi as vitest } from 'vitest'
import vi from '../src/i18n/vi'
import en from '../src/i18n/en'
import { createAppI18n } from '../src/i18n'
import { KNOWN_ERROR_CODES, KNOWN_FIELD_CHECKS, KNOWN_RULES } from '../src/i18n/api_errors'
import { LOCALES, ROLES } from '../src/api/users'
import { NAV_GROUPS, routes } from '../src/router/routes'

type Messages = { [key: string]: string | Messages }

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>()
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') flat.set(path, value)
    else for (const [inner, text] of flatten(value, path)) flat.set(inner, text)
  }
  return flat
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

const SRC = fileURLToPath(new URL('../src', import.meta.url))
const sources = sourceFiles(SRC)
  .filter((path) => !/[\\/]i18n[\\/](studio[\\/])?(vi|en)\.ts$/.test(path))
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))

/** Ways a source names a message key literally. */
const STATIC_KEY_PATTERNS = [
  /(?<![\w$.])(?:\$t|t|te)\(\s*(['"])([^'"`\n]+)\1/g, // t('a.b'), $t('a.b'), te('a.b')
  /\bkeypath=(['"])([^'"]+)\1/g, // <i18n-t keypath="a.b">
  /\b(?:titleKey|key)\s*:\s*(['"])([A-Za-z][\w.]*)\1/g, // { titleKey: 'a.b' }, { key: 'a.b' }
  /\.(?:add|success)\(\s*(?:'[^']*'\s*,\s*)?(['"])([A-Za-z][\w]*\.[\w.]+)\1/g, // errors.add('f', 'a.b'), toasts.success('a.b')
]
/** A key built from a literal prefix: t(`roles.${role}`). */
const DYNAMIC_KEY_PATTERN = /(?<![\w$.])(?:\$t|t|te)\(\s*`([^`$]*)\$\{/g

function usedKeys() {
  const keys = new Map<string, string>()
  for (const { path, text } of sources) {
    for (const pattern of STATIC_KEY_PATTERNS) {
      for (const match of text.matchAll(pattern)) keys.set(match[2], path)
    }
  }
  return keys
}

function dynamicPrefixes() {
  const prefixes = new Map<string, string>()
  for (const { path, text } of sources) {
    for (const match of text.matchAll(DYNAMIC_KEY_PATTERN)) prefixes.set(match[1], path)
  }
  return prefixes
}

const flatVi = flatten(vi)
const flatEn = flatten(en)

describe('i18n messages', () => {
  afterEach(() => vitest.restoreAllMocks())

  it('should have the same keys in Vietnamese and English', () => {
    expect([...flatEn.keys()].sort()).toEqual([...flatVi.keys()].sort())
  })

  it('should use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, text] of flatVi) {
      expect(placeholders(flatEn.get(key) ?? ''), key).toEqual(placeholders(text))
    }
  })

  it('should have no empty message', () => {
    for (const [key, text] of [...flatVi, ...flatEn]) expect(text.trim(), key).not.toBe('')
  })

  it('should define every key the sources use, in both languages', () => {
    // given the keys named literally in src
    const keys = usedKeys()
    expect(keys.size).toBeGreaterThan(100)

    // then each is a message in both files
    const missing = [...keys]
      .filter(([key]) => !flatVi.has(key) || !flatEn.has(key))
      .map(([key, path]) => `${key} (${path.slice(SRC.length + 1)})`)
    expect(missing).toEqual([])
  })

  it('should define the groups that keys built at runtime start with', () => {
    const prefixes = dynamicPrefixes()
    expect(prefixes.size).toBeGreaterThan(0)
    for (const [prefix, path] of prefixes) {
      if (prefix === '') continue
      const inBoth = (flat: Map<string, string>) =>
        [...flat.keys()].some((key) => key.startsWith(prefix))
      expect(inBoth(flatVi) && inBoth(flatEn), `${prefix}… (${path})`).toBe(true)
    }
  })

  it('should name every role, language, error code, rule and navigation entry', () => {
    const expected = [
      ...ROLES.map((role) => `roles.${role}`),
      ...LOCALES.map((locale) => `language.${locale}`),
      ...KNOWN_ERROR_CODES.map((code) => `errors.codes.${code}`),
      ...KNOWN_RULES.map((rule) => `errors.rules.${rule.replace('.', '_')}`),
      ...KNOWN_FIELD_CHECKS.map((field) => `errors.fields.${field}`),
      ...NAV_GROUPS.map((group) => group.titleKey),
      ...routes.flatMap((route) => (route.meta?.titleKey ? [route.meta.titleKey] : [])),
      ...['forbidden', 'notFound'].flatMap((kind) =>
        ['title', 'body', 'home'].map((k) => `${kind}.${k}`)
      ),
    ]
    for (const key of expected) {
      expect(flatVi.has(key) && flatEn.has(key), key).toBe(true)
    }
  })

  it('should compile every message with vue-i18n without a warning', () => {
    // given the app's i18n instance, watching for compiler complaints
    const warn = vitest.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vitest.spyOn(console, 'error').mockImplementation(() => {})
    const i18n = createAppI18n('vi')

    for (const locale of LOCALES) {
      i18n.global.locale.value = locale
      for (const [key] of flatVi) {
        // when each message is rendered with sample values
        const text = i18n.global.t(key, {
          name: 'N',
          code: 'C',
          email: 'E',
          count: 2,
          minutes: 3,
          from: 1,
          to: 2,
          total: 3,
          page: 1,
          lastPage: 2,
        })
        // then it is a text, not the key
        expect(text, `${locale}: ${key}`).not.toBe(key)
      }
    }
    expect(warn).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
  })
})
