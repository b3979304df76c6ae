import { test } from '@japa/runner'
import { ControllableClock } from '../../src/clock.js'
import { InvalidStateError } from '../../src/errors.js'
import { ExpressionLanguage } from '../../src/feel/expression_language.js'
import { BlockKeyGenerator } from '../../src/keys.js'
import type { BatchContext } from '../../src/processing/batch_context.js'
import { CommandBatch, type QueuedCommand } from '../../src/processing/command_batch.js'
import type { InstanceCommand } from '../../src/processing/commands/engine_command.js'
import { DefinitionCache } from '../../src/processing/definition_cache.js'
import { InstanceCache } from '../../src/processing/instance_cache.js'
import { MemoryStore } from '../../src/store/memory_store.js'

/** A command that records a message, or misbehaves as told (stands in for any command). */
function recordCommand(
  name: string,
  behaviour: 'ok' | 'reject' | 'crash' = 'ok'
): InstanceCommand<string> {
  return {
    kind: 'instance',
    plan() {},
    check() {
      if (behaviour === 'reject') {
        throw new InvalidStateError(`${name} is refused`)
      }
    },
    execute(batch: BatchContext) {
      batch.append('MESSAGE', 'PUBLISHED', batch.key(), null, { name })
      if (behaviour === 'crash') {
        throw new TypeError(`${name} crashed half way`)
      }
      return name
    },
  }
}

function queued(command: InstanceCommand<string>) {
  let settle: { ok: boolean; value: unknown } | null = null
  const entry: QueuedCommand = {
    command,
    resolve: (value) => (settle = { ok: true, value }),
    reject: (error) => (settle = { ok: false, value: error }),
  }
  return { entry, outcome: () => settle }
}

test.group('Command batch (group commit)', () => {
  test('it should commit a batch in one transaction and keep each command atomic', async ({
    assert,
  }) => {
    // given a batch whose second command is refused and third crashes after writing
    const store = new MemoryStore()
    const clock = new ControllableClock()
    const language = new ExpressionLanguage(clock)
    const commits: number[] = []
    const batch = new CommandBatch(
      store,
      {
        clock,
        keys: new BlockKeyGenerator((size) => store.reserveKeyBlock(size)),
        language,
        workers: { reserve: () => null },
        maxVariableBytes: 1024,
      },
      new InstanceCache(),
      new DefinitionCache(language),
      (committed) => commits.push(committed.state.records.length)
    )
    const commands = [
      queued(recordCommand('first')),
      queued(recordCommand('second', 'reject')),
      queued(recordCommand('third', 'crash')),
      queued(recordCommand('fourth')),
    ]

    // when
    await batch.run(commands.map((command) => command.entry))

    // then the crash rolled the batch back, the others were retried one by one
    assert.deepEqual(commands[0].outcome(), { ok: true, value: 'first' })
    assert.instanceOf(commands[1].outcome()!.value, InvalidStateError)
    assert.isFalse(commands[2].outcome()!.ok)
    assert.instanceOf(commands[2].outcome()!.value, TypeError)
    assert.deepEqual(commands[3].outcome(), { ok: true, value: 'fourth' })
    const log = await store.query('engine_records', {})
    assert.deepEqual(
      log.map((row) => JSON.parse(String(row.record_value)).name),
      ['first', 'fourth']
    )
    assert.deepEqual(commits, [1, 0, 1])
  })
})
