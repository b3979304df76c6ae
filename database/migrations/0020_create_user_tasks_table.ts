import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The inbox: user tasks kept by the app for both engines (fed by
 * job-based user tasks), with their candidates in a side table so that
 * "what may this user see" is an indexed join even with 100,000 open
 * tasks; the task timeline, comments, attachments, per-user form drafts
 * and in-app notifications.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('user_tasks', (table) => {
      table.bigIncrements('id')
      table.string('task_key', 32).notNullable().unique()
      table.string('state', 16).notNullable()
      table.string('name', 255).notNullable()
      table.string('element_id', 255).notNullable()
      table.string('element_instance_key', 32).notNullable()
      table.string('process_instance_key', 32).notNullable()
      table.string('process_definition_key', 32).notNullable()
      table.string('process_definition_id', 255).notNullable()
      table.integer('process_definition_version').notNullable()
      table.string('process_name', 255).nullable()
      table.string('assignee', 254).nullable()
      table.integer('assignee_id').unsigned().nullable()
      table.text('candidate_users').nullable()
      table.text('candidate_groups').nullable()
      table.timestamp('due_date').nullable()
      table.timestamp('follow_up_date').nullable()
      table.integer('priority').notNullable().defaultTo(50)
      table.string('form_key', 255).nullable()
      table.string('form_id', 255).nullable()
      table.string('form_binding', 16).nullable()
      table.string('form_version_tag', 255).nullable()
      table.string('business_id', 255).nullable()
      table.string('business_context', 500).nullable()
      table.text('custom_headers').nullable()
      table.text('variables', 'longtext').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('claimed_at').nullable()
      table.integer('claimed_by').unsigned().nullable()
      table.timestamp('completed_at').nullable()
      table.integer('completed_by').unsigned().nullable()
      table.timestamp('canceled_at').nullable()
      table.timestamp('updated_at').nullable()
      table.index(['state', 'assignee_id', 'due_date'], 'user_tasks_state_assignee_due')
      table.index(['state', 'due_date'], 'user_tasks_state_due')
      table.index(['state', 'created_at'], 'user_tasks_state_created')
      table.index(['state', 'priority'], 'user_tasks_state_priority')
      table.index(['process_instance_key'])
      table.index(['process_definition_id', 'state'])
    })

    this.schema.createTable('user_task_candidates', (table) => {
      table
        .bigInteger('task_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('user_tasks')
        .onDelete('CASCADE')
      table.string('kind', 8).notNullable()
      table.string('value', 254).notNullable()
      table.boolean('open').notNullable().defaultTo(true)
      table.primary(['kind', 'value', 'task_id'])
      table.index(['task_id'])
      table.index(['open', 'kind', 'value', 'task_id'], 'user_task_candidates_open_lookup')
    })

    this.schema.createTable('user_task_events', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('task_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('user_tasks')
        .onDelete('CASCADE')
      table.string('type', 32).notNullable()
      table.integer('actor_id').unsigned().nullable()
      table.string('actor_email', 254).nullable()
      table.text('details').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['task_id', 'id'])
    })

    this.schema.createTable('task_comments', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('task_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('user_tasks')
        .onDelete('CASCADE')
      table.integer('author_id').unsigned().notNullable().references('id').inTable('users')
      table.text('body').notNullable()
      table.timestamp('created_at').notNullable()
      table.index(['task_id', 'id'])
    })

    this.schema.createTable('task_attachments', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('task_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('user_tasks')
        .onDelete('CASCADE')
      table.string('process_instance_key', 32).notNullable()
      table.integer('uploaded_by').unsigned().notNullable().references('id').inTable('users')
      table.string('file_name', 255).notNullable()
      table.string('content_type', 128).notNullable()
      table.bigInteger('size').notNullable()
      table.string('sha256', 64).notNullable()
      table.string('storage_path', 500).notNullable()
      table.timestamp('created_at').notNullable()
      table.index(['task_id'])
      table.index(['process_instance_key'])
    })

    this.schema.createTable('task_drafts', (table) => {
      table
        .bigInteger('task_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('user_tasks')
        .onDelete('CASCADE')
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.text('data', 'longtext').notNullable()
      table.timestamp('updated_at').notNullable()
      table.primary(['task_id', 'user_id'])
    })

    this.schema.createTable('notifications', (table) => {
      table.bigIncrements('id')
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('type', 32).notNullable()
      table.bigInteger('task_id').unsigned().nullable()
      table.string('title', 500).notNullable()
      table.text('details').nullable()
      table.timestamp('read_at').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['user_id', 'read_at', 'id'])
      table.unique(['user_id', 'type', 'task_id'])
    })
  }

  async down() {
    this.schema.dropTable('notifications')
    this.schema.dropTable('task_drafts')
    this.schema.dropTable('task_attachments')
    this.schema.dropTable('task_comments')
    this.schema.dropTable('user_task_events')
    this.schema.dropTable('user_task_candidates')
    this.schema.dropTable('user_tasks')
  }
}
