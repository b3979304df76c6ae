import { test } from '@japa/runner'
import { ENGINE_NAME } from '../src/index.js'

test('it should name the embedded engine', ({ assert }) => {
  assert.equal(ENGINE_NAME, 'senflow-embedded')
})
