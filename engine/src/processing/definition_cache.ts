import { MissingStateError } from '../errors.js'
import type { ExpressionLanguage } from '../feel/expression_language.js'
import { compileDeployment } from '../model/deployment_compiler.js'
import type { ExecutableProcess } from '../model/executable.js'
import type { DefinitionData } from '../state/entities.js'
import { definitionFromRow, resourceFromRow } from '../store/rows.js'
import type { RowQuery, Row, TableName } from '../store/store.js'
import type { LoadedDefinition } from './batch_context.js'

/** Anything that can read rows (a transaction or the store). */
export interface RowReader {
  query(table: TableName, query: RowQuery): Promise<Row[]>
}

/**
 * Compiled process definitions by key. A definition is compiled once per engine (at deployment,
 * or from its stored XML the first time an instance of it is touched after a restart) and kept:
 * runtime never parses XML again. Definitions never change, so the cache needs no invalidation.
 */
export class DefinitionCache {
  readonly #loaded = new Map<string, LoadedDefinition>()

  constructor(private readonly language: ExpressionLanguage) {}

  /** The loaded definition, if compiled already. */
  get(processDefinitionKey: string): LoadedDefinition | undefined {
    return this.#loaded.get(processDefinitionKey)
  }

  /** Adds a definition compiled at deployment. */
  put(definition: DefinitionData, executable: ExecutableProcess): void {
    this.#loaded.set(definition.processDefinitionKey, { definition, executable })
  }

  /** Makes sure the given definitions are compiled, reading what is missing. */
  async load(reader: RowReader, keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !this.#loaded.has(key))
    if (missing.length === 0) {
      return
    }
    const definitions = (
      await reader.query('engine_process_definitions', {
        where: { process_definition_key: missing },
      })
    ).map(definitionFromRow)
    const resourceKeys = [...new Set(definitions.map((definition) => definition.resourceKey))]
    const resources = (
      await reader.query('engine_resources', { where: { resource_key: resourceKeys } })
    ).map(resourceFromRow)
    for (const resource of resources) {
      const compiled = await compileDeployment(
        [{ name: resource.resourceName, content: resource.content }],
        this.language
      )
      const processes = compiled.bpmn[0]?.processes ?? []
      for (const definition of definitions) {
        if (definition.resourceKey !== resource.resourceKey) {
          continue
        }
        const executable = processes.find((p) => p.bpmnProcessId === definition.bpmnProcessId)
        if (!executable) {
          throw new MissingStateError(
            `Expected to compile process '${definition.bpmnProcessId}' from its stored resource ` +
              `'${resource.resourceName}', but: ${compiled.problems.map((p) => p.message).join('; ')}`
          )
        }
        this.put(definition, executable)
      }
    }
  }
}
