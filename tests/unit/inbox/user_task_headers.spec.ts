import { test } from '@japa/runner'
import { readUserTaskHeaders } from '#services/user_task_headers'

test.group('User task headers', () => {
  test('it should read due dates as FEEL writes them: {$self}')
    .with([
      '2026-04-21T17:00:00+07:00[Asia/Ho_Chi_Minh]',
      '2026-04-21T17:00:00@Asia/Ho_Chi_Minh',
      '2026-04-21T17:00:00[Asia/Ho_Chi_Minh]',
      '2026-04-21T17:00:00+07:00',
      '2026-04-21T10:00:00Z',
    ])
    .run(({ assert }, value) => {
      // when a user task's job carries the due date
      const headers = readUserTaskHeaders({ 'io.camunda.zeebe:dueDate': value })

      // then it is 17:00 in Hà Nội
      assert.equal(headers.dueDate?.toISOString(), '2026-04-21T10:00:00.000Z')
    })

  test('it should leave out a due date that is not a date', ({ assert }) => {
    assert.isNull(readUserTaskHeaders({ 'io.camunda.zeebe:dueDate': 'next week' }).dueDate)
  })
})
