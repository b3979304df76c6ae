import { test } from '@japa/runner'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EmbeddedEngine } from '../../src/engine.js'
import { DeploymentRejectedError } from '../../src/errors.js'
import { MemoryStore } from '../../src/store/memory_store.js'

const CORPORA = fileURLToPath(new URL('../../../../shared/corpora/', import.meta.url))
const FOLDERS = [
  'bpmn-miwg',
  'zeebe-bpmn-moddle',
  'bpmnlint-camunda-compat',
  'zeebe-apache-resources',
]

function bpmnFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name)
    if (statSync(path).isDirectory()) {
      return bpmnFiles(path)
    }
    return name.endsWith('.bpmn') ? [path] : []
  })
}

test.group('BPMN corpora', () => {
  test('it should deploy or reject with a readable error every BPMN file of the corpora', async ({
    assert,
  }) => {
    // given
    const files = FOLDERS.flatMap((folder) => bpmnFiles(join(CORPORA, folder)))
    const engine = new EmbeddedEngine({ store: new MemoryStore() })
    let deployed = 0
    let rejected = 0

    for (const file of files) {
      // when
      const outcome = await engine
        .deploy([{ name: file.split('/').pop()!, content: readFileSync(file) }])
        .then(
          () => 'deployed' as const,
          (error: unknown) => error
        )

      // then
      if (outcome === 'deployed') {
        deployed++
        continue
      }
      assert.instanceOf(outcome, DeploymentRejectedError, file)
      const problems = (outcome as DeploymentRejectedError).problems
      assert.isAbove(problems.length, 0, file)
      for (const problem of problems) {
        assert.match(problem.message, /^Expected .+, but .+/s, `${file}: ${problem.message}`)
      }
      rejected++
    }
    await engine.stop()
    assert.isAbove(files.length, 300)
    assert.isAbove(deployed, 20)
    assert.equal(deployed + rejected, files.length)
  }).timeout(60_000)
})
