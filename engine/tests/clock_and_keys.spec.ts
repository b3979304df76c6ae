import { test } from '@japa/runner'
import { ControllableClock } from '../src/clock.js'
import { BlockKeyGenerator, KEY_BASE } from '../src/keys.js'
import { canTransition } from '../src/state/lifecycle.js'

test.group('Clock', () => {
  test('it should pin, move, offset and reset the controllable clock', ({ assert }) => {
    // given
    const clock = new ControllableClock()
    const changes: number[] = []
    clock.onChange(() => changes.push(clock.now()))

    // when / then
    clock.pin(Date.UTC(2024, 0, 1))
    assert.equal(clock.now(), Date.UTC(2024, 0, 1))
    clock.advance(60_000)
    assert.equal(clock.now(), Date.UTC(2024, 0, 1, 0, 1))
    clock.offset(3_600_000)
    assert.isNull(clock.pinnedAt)
    assert.approximately(clock.now(), Date.now() + 3_600_000, 1_000)
    clock.reset()
    assert.approximately(clock.now(), Date.now(), 1_000)
    assert.lengthOf(changes, 4)
  })
})

test.group('Keys', () => {
  test('it should hand out keys from reserved blocks that never overlap', async ({ assert }) => {
    // given two generators sharing one counter, as two server processes share a table
    let counter = 1
    const reserve = async (size: number) => {
      const first = counter
      counter += size
      return first
    }
    const first = new BlockKeyGenerator(reserve, 10)
    const second = new BlockKeyGenerator(reserve, 10)

    // when
    const keys: string[] = []
    for (let round = 0; round < 5; round++) {
      await first.reserve(4)
      await second.reserve(4)
      for (let index = 0; index < 4; index++) {
        keys.push(first.next(), second.next())
      }
    }

    // then
    assert.lengthOf(new Set(keys), 40)
    assert.isTrue(keys.every((key) => Number(key) > KEY_BASE && Number(key) < 2 ** 53))
    assert.equal(keys[0], String(KEY_BASE + 1))
  })

  test('it should refuse to hand out a key it has not reserved', ({ assert }) => {
    // given
    const generator = new BlockKeyGenerator(async () => 1)

    // then
    assert.throws(() => generator.next(), /key block is exhausted/)
  })
})

test.group('Lifecycle', () => {
  test('it should allow only the transitions of the lifecycle table', ({ assert }) => {
    assert.isTrue(canTransition('NONE', 'ACTIVATING'))
    assert.isTrue(canTransition('ACTIVATING', 'ACTIVATED'))
    assert.isTrue(canTransition('ACTIVATED', 'COMPLETING'))
    assert.isTrue(canTransition('COMPLETING', 'COMPLETED'))
    assert.isTrue(canTransition('ACTIVATING', 'TERMINATING'))
    assert.isTrue(canTransition('TERMINATING', 'TERMINATED'))
    assert.isFalse(canTransition('ACTIVATING', 'COMPLETED'))
    assert.isFalse(canTransition('COMPLETED', 'TERMINATING'))
    assert.isFalse(canTransition('TERMINATING', 'COMPLETING'))
    assert.isFalse(canTransition('NONE', 'ACTIVATED'))
  })
})
