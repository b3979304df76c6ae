/**
 * The form-js schemas of the shared corpus (the test specs of form-js's
 * packages), read in place: `../../shared/corpora/form-js` from this
 * workspace. The JSON schema definitions of `form-json-schema` are not
 * forms and are left out.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join, relative } from 'node:path'

/** The folder of the form-js packages in the corpus. */
export const CORPUS_ROOT = fileURLToPath(
  new URL('../../../../shared/corpora/form-js/packages/', import.meta.url)
)

/** One corpus schema: its path below the packages folder and its JSON. */
export interface CorpusSchema {
  name: string
  json: unknown
}

let cached: CorpusSchema[] | null = null

/** Every form schema of the corpus, sorted by path. */
export function corpusSchemas(): CorpusSchema[] {
  if (cached) {
    return cached
  }
  const files: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (
        entry.isDirectory() &&
        entry.name !== 'form-json-schema' &&
        entry.name !== 'node_modules'
      ) {
        walk(path)
      } else if (entry.isFile() && entry.name.endsWith('.json') && entry.name !== 'package.json') {
        files.push(path)
      }
    }
  }
  walk(CORPUS_ROOT)
  cached = files.sort().map((path) => ({
    name: relative(CORPUS_ROOT, path),
    json: JSON.parse(readFileSync(path, 'utf8')) as unknown,
  }))
  return cached
}

/** One corpus schema by its path below the packages folder. */
export function corpusSchema(name: string): unknown {
  const found = corpusSchemas().find((entry) => entry.name === name)
  if (!found) {
    throw new Error(`No corpus schema ${name}`)
  }
  return found.json
}
