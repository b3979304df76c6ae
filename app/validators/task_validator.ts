import vine from '@vinejs/vine'
import { TASK_QUEUES } from '#services/task_query_service'

/**
 * Inbox filters, sorting and paging (query string).
 */
export const listTasksValidator = vine.compile(
  vine.object({
    queue: vine.enum(TASK_QUEUES).optional(),
    state: vine.enum(['open', 'completed', 'canceled']).optional(),
    processDefinitionId: vine.string().trim().maxLength(255).optional(),
    processInstanceKey: vine.string().trim().regex(/^\d+$/).optional(),
    dueBefore: vine.date({ formats: { utc: true } }).optional(),
    dueAfter: vine.date({ formats: { utc: true } }).optional(),
    overdue: vine.boolean().optional(),
    dueSoon: vine.boolean().optional(),
    priorityMin: vine.number().withoutDecimals().min(0).max(100).optional(),
    q: vine.string().trim().maxLength(200).optional(),
    assignee: vine.string().trim().maxLength(254).optional(),
    sort: vine.enum(['dueDate', 'priority', 'createdAt']).optional(),
    order: vine.enum(['asc', 'desc']).optional(),
    page: vine.number().withoutDecimals().min(1).optional(),
    perPage: vine.number().withoutDecimals().min(1).max(200).optional(),
  })
)

/**
 * Assigning a task to a user by email or id.
 */
export const assignTaskValidator = vine.compile(
  vine.object({
    assignee: vine.union([
      vine.union.if(
        (value) => typeof value === 'number',
        vine.number().withoutDecimals().positive()
      ),
      vine.union.else(vine.string().trim().toLowerCase().email()),
    ]),
  })
)

/**
 * Delegating a task to a colleague by email or id.
 */
export const delegateTaskValidator = vine.compile(
  vine.object({
    to: vine.union([
      vine.union.if(
        (value) => typeof value === 'number',
        vine.number().withoutDecimals().positive()
      ),
      vine.union.else(vine.string().trim().toLowerCase().email()),
    ]),
  })
)

/**
 * Completing a task: the form's data (or plain variables when the task
 * has no form) and the language of the messages.
 */
export const completeTaskValidator = vine.compile(
  vine.object({
    variables: vine.object({}).allowUnknownProperties().optional(),
    locale: vine.enum(['vi', 'en']).optional(),
  })
)

/**
 * A draft of the task's form, kept per user.
 */
export const taskDraftValidator = vine.compile(
  vine.object({
    data: vine.object({}).allowUnknownProperties(),
  })
)

/**
 * A comment on a task.
 */
export const taskCommentValidator = vine.compile(
  vine.object({
    body: vine.string().trim().minLength(1).maxLength(10_000),
  })
)
