import { createHash } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js'
import { ConnectorConfigurationError, ConnectorError, ConnectorInputError } from '../errors.js'
import { renderText } from '../feel/text_template.js'
import {
  readFields,
  selectOperation,
  validateCommonConfiguration,
} from '../runtime/connector_configuration.js'
import type {
  Connector,
  ConnectorContext,
  MailAttachment,
  MailConnectorConfiguration,
} from '../types.js'

/** What a mail job returns: the SMTP server's verdict. */
export interface MailConnectorResponse {
  messageId: string
  accepted: string[]
  rejected: string[]
  /** The server's last answer, e.g. `250 OK: queued`. */
  response: string
}

/** A plain address check (one `@`, no spaces or angle brackets); the SMTP server has the last word. */
const ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/

/** Problems with a mail configuration; empty when valid. */
export function validateMailConfiguration(configuration: MailConnectorConfiguration): string[] {
  const problems = validateCommonConfiguration(configuration, configuration.operations)
  if (
    !configuration.smtp ||
    typeof configuration.smtp.host !== 'string' ||
    configuration.smtp.host === ''
  ) {
    problems.push('Expected smtp.host, but it is missing')
  }
  if (!configuration.smtp || !Number.isInteger(configuration.smtp.port)) {
    problems.push(
      `Expected smtp.port to be a port number, but got ${JSON.stringify(configuration.smtp?.port)}`
    )
  }
  if (typeof configuration.from !== 'string' || configuration.from.trim() === '') {
    problems.push('Expected from (the sender), but it is missing')
  }
  return problems
}

/**
 * Sends mail through an SMTP server configured by an administrator, with
 * nodemailer. Subjects and bodies are templates (`{{variable}}` or FEEL
 * starting with `=`) over the job's business fields; HTML bodies escape the
 * substituted values. Vietnamese text goes out as UTF-8 (encoded-word
 * headers, base64 or quoted-printable bodies). Attachments come from the
 * app's AttachmentProvider.
 */
export class MailConnector implements Connector {
  readonly name: string
  readonly resolvesSecretsInInputs = false
  readonly timeoutMs?: number
  readonly #configuration: MailConnectorConfiguration
  #transport?: { key: string; transport: Transporter<SMTPTransport.SentMessageInfo> }

  /** @throws ConnectorConfigurationError listing every problem of the configuration. */
  constructor(configuration: MailConnectorConfiguration) {
    const problems = validateMailConfiguration(configuration)
    if (problems.length > 0) throw new ConnectorConfigurationError(configuration.id, problems)
    this.#configuration = configuration
    this.name = configuration.name
    this.timeoutMs = configuration.timeoutMs
  }

  async execute(context: ConnectorContext): Promise<MailConnectorResponse> {
    const configuration = this.#configuration
    const inputs = context.inputs
    const operation = selectOperation(configuration.operations, inputs)
    const fields = readFields(operation.fields ?? [], inputs)
    const to = this.#recipients(inputs.to, 'to', true)
    const cc = this.#recipients(inputs.cc, 'cc', false)
    const bcc = this.#recipients(inputs.bcc, 'bcc', false)

    const subjectTemplate = operation.subject ?? textInput(inputs.subject)
    if (!subjectTemplate)
      throw new ConnectorInputError(
        'Expected a subject, but neither the operation nor the job has one'
      )
    const textTemplate = operation.text ?? textInput(inputs.text)
    const htmlTemplate = operation.html ?? textInput(inputs.html)
    if (!textTemplate && !htmlTemplate)
      throw new ConnectorInputError('Expected a text or an HTML body, but there is neither')
    const subject = renderText(subjectTemplate, fields, { purpose: 'subject' })
      .replace(/[\r\n]+/g, ' ')
      .trim()
    if (subject === '')
      throw new ConnectorInputError('Expected the subject to render to text, but it is empty')
    const text = textTemplate ? renderText(textTemplate, fields, { purpose: 'text' }) : undefined
    const html = htmlTemplate
      ? renderText(htmlTemplate, fields, { purpose: 'html', escapeHtml: true })
      : undefined
    const attachments = await this.#attachments(inputs.attachments, context)

    const transport = this.#transportFor(await context.resolveSecrets(configuration.smtp))
    let info: SMTPTransport.SentMessageInfo
    try {
      info = await transport.sendMail({
        from: configuration.from,
        ...(configuration.replyTo ? { replyTo: configuration.replyTo } : {}),
        to,
        ...(cc.length > 0 ? { cc } : {}),
        ...(bcc.length > 0 ? { bcc } : {}),
        subject,
        ...(text !== undefined ? { text } : {}),
        ...(html !== undefined ? { html } : {}),
        attachments: attachments.map((attachment) => ({
          filename: attachment.filename,
          ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
          ...(Buffer.isBuffer(attachment.content)
            ? { content: attachment.content }
            : { path: attachment.content.path }),
        })),
      })
    } catch (error) {
      throw smtpError(error)
    }
    return {
      messageId: info.messageId,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
      response: info.response,
    }
  }

  #recipients(value: unknown, name: string, required: boolean): string[] {
    const list = (
      Array.isArray(value)
        ? value
        : typeof value === 'string'
          ? value.split(/[,;]/)
          : value === null || value === undefined
            ? []
            : [value]
    )
      .map((item) => (typeof item === 'string' ? item.trim() : item))
      .filter((item) => item !== '')
    if (required && list.length === 0)
      throw new ConnectorInputError(`Expected at least one recipient in ${name}, but there is none`)
    const allowed = this.#configuration.allowedRecipientDomains?.map((domain) =>
      domain.toLowerCase()
    )
    for (const address of list) {
      if (typeof address !== 'string' || !ADDRESS.test(address)) {
        throw new ConnectorInputError(
          `Expected ${name} to hold e-mail addresses, but got ${JSON.stringify(address)}`
        )
      }
      const domain = address.split('@')[1].toLowerCase()
      if (allowed && !allowed.includes(domain)) {
        throw new ConnectorInputError(
          `Refused recipient ${address}: ${this.name} only sends to ${allowed.join(', ')}`
        )
      }
    }
    return list as string[]
  }

  async #attachments(references: unknown, context: ConnectorContext): Promise<MailAttachment[]> {
    if (references === undefined || references === null) return []
    const list = Array.isArray(references) ? references : [references]
    if (list.length === 0) return []
    if (!context.attachmentProvider) {
      throw new ConnectorInputError(
        'Expected an attachment provider to resolve the attachments, but the runtime has none'
      )
    }
    const attachments = await context.attachmentProvider.attachmentsFor(list, context.job)
    for (const attachment of attachments) {
      const hasContent =
        Buffer.isBuffer(attachment.content) || typeof attachment.content?.path === 'string'
      if (typeof attachment.filename !== 'string' || attachment.filename === '' || !hasContent) {
        throw new ConnectorError(
          'Expected each attachment to have a filename and content (bytes or a path), but one has not',
          {
            retryable: false,
          }
        )
      }
    }
    return attachments
  }

  #transportFor(
    smtp: MailConnectorConfiguration['smtp']
  ): Transporter<SMTPTransport.SentMessageInfo> {
    const key = createHash('sha256').update(JSON.stringify(smtp)).digest('hex')
    if (this.#transport?.key === key) return this.#transport.transport
    this.#transport?.transport.close()
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure ?? smtp.port === 465,
      requireTLS: smtp.requireTls ?? false,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      tls: { rejectUnauthorized: !(smtp.allowInvalidCertificates ?? false) },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    })
    this.#transport = { key, transport }
    return transport
  }

  async close(): Promise<void> {
    this.#transport?.transport.close()
    this.#transport = undefined
  }
}

function textInput(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** SMTP failures: 5xx answers (a refused recipient, a rejected message) are permanent; the rest may pass on a retry. */
function smtpError(error: unknown): ConnectorError {
  const details = error as { responseCode?: number; code?: string; message?: string }
  const permanent = typeof details.responseCode === 'number' && details.responseCode >= 500
  const code = details.responseCode !== undefined ? String(details.responseCode) : details.code
  return new ConnectorError(
    `SMTP error${code ? ` ${code}` : ''}: ${details.message ?? String(error)}`,
    {
      code,
      retryable: !permanent,
      cause: error,
    }
  )
}
