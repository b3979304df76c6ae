import { writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { ConnectorRegistry } from '../../src/runtime/connector_registry.js'
import { ConnectorRuntime } from '../../src/runtime/connector_runtime.js'
import type { MailConnectorResponse } from '../../src/mail/mail_connector.js'
import type {
  AttachmentProvider,
  JobCompletion,
  MailConnectorConfiguration,
} from '../../src/types.js'
import { jobOf } from '../helpers/jobs.js'
import { leafParts, parseMime, startSmtpSink, type SmtpSink } from '../helpers/smtp_sink.js'

/**
 * The mail connector sending through a real SMTP server on 127.0.0.1, in
 * Vietnamese, with templates and attachments from the app's provider.
 */

const secrets: Record<string, string> = { SMTP_PASSWORD: 'thư-điện-tử#1' }

function configurationFor(
  sink: SmtpSink,
  overrides: Partial<MailConnectorConfiguration> = {}
): MailConnectorConfiguration {
  return {
    id: 'consular-mail',
    name: 'Consular department mail',
    kind: 'mail',
    smtp: {
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      user: 'lanhsu',
      password: '{{secrets.SMTP_PASSWORD}}',
    },
    from: '"Cục Lãnh sự" <lanhsu@mofa.example>',
    operations: [
      {
        id: 'dossier-received',
        name: 'Dossier received',
        subject: 'Hồ sơ {{dossierNumber}} đã được tiếp nhận',
        text: 'Kính gửi {{applicant}},\nHồ sơ {{dossierNumber}} đã được tiếp nhận ngày {{receivedOn}}.',
        html: '<p>Kính gửi <b>{{applicant}}</b>,</p><p>Hồ sơ {{dossierNumber}} đã được tiếp nhận.</p>',
        fields: [
          { name: 'dossierNumber', label: 'Dossier number', required: true },
          { name: 'applicant', label: 'Applicant', required: true },
          { name: 'receivedOn', label: 'Received on' },
        ],
      },
      {
        id: 'free-text',
        name: 'Free text',
        fields: [{ name: 'dueDate', label: 'Due date' }],
      },
    ],
    ...overrides,
  }
}

test.group('MailConnector', (group) => {
  let sink: SmtpSink
  const attachmentPath = join(tmpdir(), `senflow-mail-${process.pid}.txt`)
  group.setup(() => {
    writeFileSync(attachmentPath, 'Biên nhận hồ sơ', 'utf8')
    return () => rmSync(attachmentPath, { force: true })
  })
  group.each.setup(async () => {
    sink = await startSmtpSink({ user: 'lanhsu', password: secrets.SMTP_PASSWORD })
    return () => sink.close()
  })

  const attachmentProvider: AttachmentProvider = {
    async attachmentsFor(references) {
      return references.map((reference) =>
        reference === 'receipt'
          ? {
              filename: 'biên-nhận.txt',
              contentType: 'text/plain; charset=utf-8',
              content: { path: attachmentPath },
            }
          : {
              filename: `${String(reference)}.pdf`,
              contentType: 'application/pdf',
              content: Buffer.from('%PDF-1.4 giả lập'),
            }
      )
    },
  }

  function runtimeFor(configuration: MailConnectorConfiguration) {
    const registry = new ConnectorRegistry()
    const jobType = registry.configure(configuration)
    const runtime = new ConnectorRuntime({
      registry,
      secretProvider: { get: async (name) => secrets[name] },
      attachmentProvider,
      environment: {},
    })
    return { runtime, jobType, registry }
  }

  test('it should send a Vietnamese message with text, HTML and attachments', async ({
    assert,
  }) => {
    // given
    const { runtime, jobType, registry } = runtimeFor(configurationFor(sink))
    const job = jobOf(
      jobType,
      {
        operation: 'dossier-received',
        to: 'nguyen.van.a@example.vn, tran.thi.b@example.vn',
        cc: ['lanh.dao@mofa.example'],
        fields: {
          dossierNumber: 'HS-2025-001',
          applicant: 'Nguyễn Văn <A>',
          receivedOn: '01/03/2025',
        },
        attachments: ['receipt', 'application-form'],
      },
      { resultVariable: 'mail' }
    )

    // when
    const completion = await runtime.execute(job)
    await registry.close()

    // then
    assert.equal(completion.kind, 'complete')
    const result = (completion as Extract<JobCompletion, { kind: 'complete' }>).variables
      .mail as MailConnectorResponse
    assert.deepEqual(result.accepted, [
      'nguyen.van.a@example.vn',
      'tran.thi.b@example.vn',
      'lanh.dao@mofa.example',
    ])
    assert.lengthOf(sink.messages, 1)
    const message = parseMime(sink.messages[0].raw)
    assert.equal(message.headers.subject, 'Hồ sơ HS-2025-001 đã được tiếp nhận')
    assert.equal(message.headers.from, 'Cục Lãnh sự <lanhsu@mofa.example>')
    const parts = leafParts(message)
    const text = parts.find(
      (part) =>
        part.headers['content-type']?.startsWith('text/plain') &&
        !part.headers['content-disposition']
    )
    const html = parts.find((part) => part.headers['content-type']?.startsWith('text/html'))
    assert.equal(
      text?.body.toString('utf8').replace(/\r\n/g, '\n'),
      'Kính gửi Nguyễn Văn <A>,\nHồ sơ HS-2025-001 đã được tiếp nhận ngày 01/03/2025.'
    )
    assert.include(html?.body.toString('utf8'), '<b>Nguyễn Văn &lt;A&gt;</b>')
    const attachments = parts.filter((part) =>
      part.headers['content-disposition']?.startsWith('attachment')
    )
    assert.lengthOf(attachments, 2)
    assert.include(attachments[0].headers['content-disposition'], 'bi')
    assert.equal(attachments[0].body.toString('utf8'), 'Biên nhận hồ sơ')
    assert.equal(attachments[1].body.toString('utf8'), '%PDF-1.4 giả lập')
  })

  test('it should take the subject and body from the job when the operation has no template, FEEL included', async ({
    assert,
  }) => {
    const { runtime, jobType, registry } = runtimeFor(configurationFor(sink))
    const completion = await runtime.execute(
      jobOf(jobType, {
        operation: 'free-text',
        to: 'citizen@example.vn',
        subject: '= "Nhắc hạn " + dueDate',
        text: 'Hạn trả kết quả: {{dueDate}}',
        fields: { dueDate: '15/03/2025' },
      })
    )
    await registry.close()
    assert.equal(completion.kind, 'complete')
    const message = parseMime(sink.messages[0].raw)
    assert.equal(message.headers.subject, 'Nhắc hạn 15/03/2025')
    assert.equal(
      leafParts(message)[0].body.toString('utf8').trimEnd(),
      'Hạn trả kết quả: 15/03/2025'
    )
  })

  test('it should refuse a subject that renders empty', async ({ assert }) => {
    const { runtime, jobType, registry } = runtimeFor(configurationFor(sink))
    const completion = await runtime.execute(
      jobOf(jobType, {
        operation: 'free-text',
        to: 'a@example.vn',
        subject: '= "Hạn " + unknownField',
        text: 'x',
        fields: {},
      })
    )
    await registry.close()
    assert.include(
      (completion as Extract<JobCompletion, { kind: 'fail' }>).errorMessage,
      'Expected the subject to render to text, but it is empty'
    )
    assert.lengthOf(sink.messages, 0)
  })

  test('it should refuse recipients outside the allowed domains and malformed addresses', async ({
    assert,
  }) => {
    const { runtime, jobType, registry } = runtimeFor(
      configurationFor(sink, { allowedRecipientDomains: ['mofa.example'] })
    )
    const outside = await runtime.execute(
      jobOf(jobType, {
        operation: 'dossier-received',
        to: 'someone@gmail.example',
        fields: { dossierNumber: 'X', applicant: 'Y' },
      })
    )
    const malformed = await runtime.execute(
      jobOf(jobType, {
        operation: 'dossier-received',
        to: 'not an address',
        fields: { dossierNumber: 'X', applicant: 'Y' },
      })
    )
    await registry.close()
    assert.include(
      (outside as Extract<JobCompletion, { kind: 'fail' }>).errorMessage,
      'Refused recipient someone@gmail.example'
    )
    assert.include(
      (malformed as Extract<JobCompletion, { kind: 'fail' }>).errorMessage,
      'Expected to to hold e-mail addresses'
    )
    assert.lengthOf(sink.messages, 0)
  })

  test('it should fail without retrying when the server refuses a recipient', async ({
    assert,
  }) => {
    const { runtime, jobType, registry } = runtimeFor(configurationFor(sink))
    const completion = await runtime.execute(
      jobOf(jobType, {
        operation: 'dossier-received',
        to: 'nobody@refused.example',
        fields: { dossierNumber: 'X', applicant: 'Y' },
      })
    )
    await registry.close()
    assert.equal(completion.kind, 'fail')
    const failure = completion as Extract<JobCompletion, { kind: 'fail' }>
    assert.equal(failure.retries, 0)
    assert.include(failure.errorMessage, 'Consular department mail: SMTP error')
  })

  test('it should fail with a retry and without the password when the server refuses the login', async ({
    assert,
  }) => {
    secrets.WRONG_SMTP_PASSWORD = 'sai-mật-khẩu'
    const configuration = configurationFor(sink)
    const { runtime, jobType, registry } = runtimeFor({
      ...configuration,
      smtp: { ...configuration.smtp, password: '{{secrets.WRONG_SMTP_PASSWORD}}' },
    })
    const completion = await runtime.execute(
      jobOf(jobType, {
        operation: 'dossier-received',
        to: 'a@example.vn',
        fields: { dossierNumber: 'X', applicant: 'Y' },
      })
    )
    await registry.close()
    assert.equal(completion.kind, 'fail')
    const failure = completion as Extract<JobCompletion, { kind: 'fail' }>
    assert.include(failure.errorMessage, 'SMTP error')
    assert.notInclude(failure.errorMessage, 'sai-mật-khẩu')
  })

  test('it should refuse attachments when the app gave no attachment provider', async ({
    assert,
  }) => {
    const registry = new ConnectorRegistry()
    const jobType = registry.configure(configurationFor(sink))
    const runtime = new ConnectorRuntime({
      registry,
      secretProvider: { get: async (name) => secrets[name] },
      environment: {},
    })
    const completion = await runtime.execute(
      jobOf(jobType, {
        operation: 'dossier-received',
        to: 'a@example.vn',
        attachments: ['x'],
        fields: { dossierNumber: 'X', applicant: 'Y' },
      })
    )
    await registry.close()
    assert.include(
      (completion as Extract<JobCompletion, { kind: 'fail' }>).errorMessage,
      'Expected an attachment provider'
    )
  })
})
