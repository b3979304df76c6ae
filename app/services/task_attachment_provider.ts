import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import {
  ConnectorInputError,
  type AttachmentProvider,
  type ConnectorJob,
  type MailAttachment,
} from '@senflow/connectors'

/**
 * The id a mail task's `attachments` input names: an attachment id, its
 * text, or an attachment as the inbox API returns it (`{ id, … }`).
 */
function attachmentIdOf(reference: unknown): number | null {
  const candidate =
    reference !== null && typeof reference === 'object'
      ? (reference as { id?: unknown }).id
      : reference
  const id = typeof candidate === 'string' ? Number(candidate) : candidate
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null
}

/**
 * Mail attachments from the files staff attached to the tasks of a
 * dossier (table `task_attachments`, files under the storage directory).
 * A job may attach only the files of its own process instance.
 */
export default class TaskAttachmentProvider implements AttachmentProvider {
  /**
   * One attachment per reference, in order.
   *
   * @throws ConnectorInputError for a reference that names no attachment
   *   of the job's process instance.
   */
  async attachmentsFor(
    references: readonly unknown[],
    job: ConnectorJob
  ): Promise<MailAttachment[]> {
    const { storageRoot } = await import('#controllers/tasks_controller')
    const attachments: MailAttachment[] = []
    for (const [index, reference] of references.entries()) {
      const id = attachmentIdOf(reference)
      if (id === null) {
        throw new ConnectorInputError(
          `Expected attachments.${index} to be an attachment id, but got ${JSON.stringify(reference)}`
        )
      }
      const row = await db
        .from('task_attachments')
        .where('id', id)
        .where('process_instance_key', job.processInstanceKey)
        .first()
      if (!row) {
        throw new ConnectorInputError(
          `Expected attachment ${id} to belong to process instance ${job.processInstanceKey}, but it does not`
        )
      }
      attachments.push({
        filename: row.file_name,
        contentType: row.content_type,
        content: { path: join(storageRoot(), row.storage_path) },
      })
    }
    return attachments
  }
}
