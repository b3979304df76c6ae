import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { ConnectorRegistry, ConnectorRuntime, jobTypeFor } from '@senflow/connectors'
import SecretStore from '#services/secret_store'
import {
  toConnectorConfiguration,
  type ConnectorConfigurationRow,
} from '#services/connector_configuration_service'
import type { NotificationCreated } from '#services/task_deadline_notifier'

/**
 * The notification texts, by language.
 */
const TEXTS = {
  vi: {
    task_assigned: 'Bạn được giao công việc',
    task_offered: 'Có công việc mới cho đơn vị của bạn',
    task_due_soon: 'Công việc sắp đến hạn',
    task_overdue: 'Công việc đã quá hạn',
    open: 'Mở công việc',
    footer: 'Thư này được gửi tự động từ Senflow.',
  },
  en: {
    task_assigned: 'A task was assigned to you',
    task_offered: 'A new task for your unit',
    task_due_soon: 'A task is due soon',
    task_overdue: 'A task is overdue',
    open: 'Open the task',
    footer: 'This message was sent automatically by Senflow.',
  },
} as const

/**
 * The public URL of the web app, for links in mails (`APP_URL`, else the
 * server's own address).
 */
export function appUrl() {
  return (
    process.env.APP_URL ?? `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3333}`
  ).replace(/\/+$/, '')
}

/**
 * Sends each in-app notification as an email through the mail connector
 * an administrator named for it (`SENFLOW_NOTIFICATION_MAIL_CONNECTOR`,
 * the connector's code; optionally `SENFLOW_NOTIFICATION_MAIL_OPERATION`).
 * The connector's operation may define its own subject and body templates
 * over the fields `title`, `kind`, `link` and `fullName`; otherwise the
 * built-in text in the user's language is used. Without that setting, or
 * when the connector is disabled, nothing is mailed. A failed mail is
 * logged (without any secret) and never blocks the inbox.
 */
export default class NotificationMailer {
  async send(notification: NotificationCreated) {
    const code = process.env.SENFLOW_NOTIFICATION_MAIL_CONNECTOR
    if (!code) return { sent: false, reason: 'no notification mail connector configured' }
    const row = (await db
      .from('connector_configurations')
      .where('code', code)
      .where('kind', 'mail')
      .where('enabled', true)
      .first()) as ConnectorConfigurationRow | null
    if (!row) return { sent: false, reason: `no enabled mail connector with code ${code}` }
    const user = await db
      .from('users')
      .where('id', notification.userId)
      .where('active', true)
      .first()
    if (!user) return { sent: false, reason: 'the user is not active' }

    const texts = user.locale === 'en' ? TEXTS.en : TEXTS.vi
    const kind = texts[notification.type]
    const link = `${appUrl()}/inbox/tasks/${notification.taskId}`
    const configuration = toConnectorConfiguration(row)
    const operations =
      (configuration as { operations?: { id: string; fields?: { name: string }[] }[] })
        .operations ?? []
    const operation =
      operations.find((item) => item.id === process.env.SENFLOW_NOTIFICATION_MAIL_OPERATION) ??
      operations[0]
    const available: Record<string, string> = {
      title: notification.title,
      kind,
      link,
      fullName: user.full_name,
    }
    // only the fields the operation declares (the connector refuses others)
    const fields = Object.fromEntries(
      (operation?.fields ?? [])
        .filter((field) => field.name in available)
        .map((field) => [field.name, available[field.name]])
    )
    const registry = new ConnectorRegistry({ camundaHttpJson: false })
    const type = registry.configure(configuration)
    const secrets = await app.container.make(SecretStore)
    const runtime = new ConnectorRuntime({ registry, secretProvider: secrets.provider() })
    try {
      const completion = await runtime.execute({
        key: `notification-${notification.userId}-${notification.taskId}-${notification.type}`,
        type,
        processInstanceKey: '0',
        elementId: 'notification',
        retries: 1,
        customHeaders: {},
        variables: {
          ...(operation ? { operation: operation.id } : {}),
          to: user.email,
          subject: `${kind}: ${notification.title}`,
          text: `${user.full_name},\n\n${kind}: ${notification.title}\n${texts.open}: ${link}\n\n${texts.footer}\n`,
          fields,
        },
      })
      if (completion.kind !== 'complete') {
        // the runtime's messages never carry a secret (it redacts them)
        logger.warn(
          { connector: code, outcome: completion.kind },
          `a notification mail was not sent: ${completion.errorMessage ?? ''}`
        )
        return { sent: false, reason: completion.kind }
      }
      return { sent: true, jobType: jobTypeFor(configuration) }
    } finally {
      await registry.close()
    }
  }
}
