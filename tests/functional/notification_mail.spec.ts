import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { SMTPServer } from 'smtp-server'
import { randomBytes } from 'node:crypto'
import TaskService from '#services/task_service'
import { demoUser } from '#tests/helpers'

interface ReceivedMail {
  to: string[]
  raw: string
}

async function smtpSink() {
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (_auth, _session, callback) => callback(null, { user: 'mailer' }),
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk) => (raw += chunk))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.server.address() as { port: number }).port
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

test.group('Notifications by mail', () => {
  test('it should mail a task assignment through the configured mail connector, in the user language', async ({
    client,
    assert,
  }) => {
    // given an SMTP server, a mail connector for notifications and its secret
    const sink = await smtpSink()
    const admin = await demoUser('admin')
    const suffix = randomBytes(3).toString('hex')
    const secretName = `NOTIFY_SMTP_${suffix}`.toUpperCase()
    ;(
      await client
        .post('/api/secrets')
        .json({ name: secretName, value: 'smtp-pass-123' })
        .loginAs(admin)
    ).assertStatus(201)
    const code = `notify-mail-${suffix}`
    const created = await client
      .post('/api/connectors')
      .json({
        code,
        name: 'Ministry mail',
        kind: 'mail',
        configuration: {
          smtp: {
            host: '127.0.0.1',
            port: sink.port,
            user: 'mailer',
            password: `{{secrets.${secretName}}}`,
          },
          from: 'senflow@mofa.example',
          operations: [{ id: 'notification', name: 'Notification' }],
        },
      })
      .loginAs(admin)
    created.assertStatus(201)
    process.env.SENFLOW_NOTIFICATION_MAIL_CONNECTOR = code
    try {
      // when a task is assigned to a staff member
      const tasks = await app.container.make(TaskService)
      await tasks.ingest(
        {
          key: String(7_000_000 + Math.floor(Math.random() * 1_000_000)),
          processInstanceKey: '1',
          processDefinitionKey: '1',
          processDefinitionId: 'mail-test',
          processDefinitionVersion: 1,
          elementId: 'review',
          elementInstanceKey: '2',
          customHeaders: { 'io.camunda.zeebe:assignee': 'staff@demo.senflow.local' },
          variables: {},
        },
        { name: 'Thẩm định hồ sơ', processName: 'Hợp pháp hóa lãnh sự' }
      )

      // then a mail reaches them, in Vietnamese (their language)
      const started = Date.now()
      while (sink.received.length === 0 && Date.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      assert.lengthOf(sink.received, 1)
      assert.deepEqual(sink.received[0].to, ['staff@demo.senflow.local'])
      const raw = sink.received[0].raw
      assert.include(raw, 'senflow@mofa.example')
      assert.notInclude(raw, 'smtp-pass-123')
      assert.match(raw, /Subject: =\?UTF-8\?/)
    } finally {
      delete process.env.SENFLOW_NOTIFICATION_MAIL_CONNECTOR
      // leave no enabled connector behind for later suites (the studio's palette)
      await client.post(`/api/connectors/${created.body().id}/disable`).loginAs(admin)
      await sink.close()
    }
  }).timeout(30_000)
})
