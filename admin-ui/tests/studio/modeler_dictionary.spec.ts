// @vitest-environment node
/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelerDictionary } from '../../src/studio/modeler/modeler_dictionary'

const requireHere = createRequire(`${process.cwd()}/package.json`)

/** Where a package is installed, as the app resolves it. */
function packageDir(name: string) {
  const found = (requireHere.resolve.paths(name) ?? [])
    .map((dir) => join(dir, name))
    .find((dir) => {
      try {
        return statSync(join(dir, 'package.json')).isFile()
      } catch {
        return false
      }
    })
  if (!found) throw new Error(`Expected ${name} to be installed`)
  return found
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return jsFiles(path)
    return name.endsWith('.js') ? [path] : []
  })
}

/** The texts a source passes to `translate('…')` literally (JS escapes undone). */
function translatedTexts(source: string): string[] {
  return [...source.matchAll(/translate\(\s*'((?:[^'\\]|\\.)+)'/g)].map((match) =>
    match[1].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1')
  )
}

/** Library texts that look like translations but are not shown (doc comments, SVG transforms). */
const NOT_TEXTS = new Set(['HELLO {you}', ' + shift + ', ' + x + ', 'foo'])

/** Texts the libraries build from a prefix: the alignments of "Align elements …". */
const BUILT = {
  'Align elements ': ['left', 'center', 'right', 'top', 'middle', 'bottom'],
} as Record<string, string[]>

describe('studio/modeler_dictionary', () => {
  const vietnamese = modelerDictionary('vi')!

  it('should say every text of bpmn-js, its palette, menus and minimap in Vietnamese', () => {
    // given the texts bpmn-js and diagram-js translate, and the element types of the change menu
    const bpmnJs = packageDir('bpmn-js')
    const sources = [
      ...jsFiles(join(bpmnJs, 'lib')),
      ...jsFiles(join(packageDir('diagram-js'), 'lib')),
      join(packageDir('diagram-js-minimap'), 'dist', 'index.esm.js'),
    ].filter((path) => !path.endsWith('.spec.js'))
    const texts = new Set(
      sources
        .flatMap((path) => translatedTexts(readFileSync(path, 'utf8')))
        .flatMap((text) => (BUILT[text] ?? [undefined]).map((end) => (end ? text + end : text)))
    )
    for (const file of ['replace/ReplaceOptions.js', 'popup-menu/PopupEntries.js']) {
      const options = readFileSync(join(bpmnJs, 'lib/features', file), 'utf8')
      for (const match of options.matchAll(/label: '([^']+)'/g)) texts.add(match[1])
    }

    // then each has a Vietnamese text
    const missing = [...texts].filter((text) => !NOT_TEXTS.has(text) && !(text in vietnamese))
    expect(texts.size).toBeGreaterThan(100)
    expect(missing).toEqual([])
  })

  it('should say every text of the properties panel and the element templates in Vietnamese', () => {
    // given the texts the two libraries translate
    const panel = dirname(requireHere.resolve('bpmn-js-properties-panel'))
    const templates = dirname(requireHere.resolve('bpmn-js-element-templates'))
    const texts = new Set(
      [join(panel, 'index.esm.js'), join(templates, 'index.esm.js')].flatMap((path) =>
        translatedTexts(readFileSync(path, 'utf8'))
      )
    )

    // then each has a Vietnamese text
    const missing = [...texts].filter((text) => !NOT_TEXTS.has(text) && !(text in vietnamese))
    expect(texts.size).toBeGreaterThan(300)
    expect(missing).toEqual([])
  })

  it('should name the element types of the panel header, and leave English to the libraries', () => {
    expect(vietnamese['User Task']).toBe('Tác vụ người dùng')
    expect(vietnamese['Message Start Event (Non Interrupting)']).toBe(
      'Sự kiện bắt đầu: thông điệp (không ngắt)'
    )
    expect(modelerDictionary('en')).toBeNull()
  })
})
