import type { Knex } from 'knex'

/**
 * The engine's tables, all prefixed `engine_`, for SQLite and MySQL/MariaDB. The app creates
 * them from a Lucid migration:
 *
 * ```ts
 * import { createEngineTables, dropEngineTables } from '@senflow/engine/store/sql_schema'
 * export default class extends BaseSchema {
 *   async up() { await createEngineTables(this.db.getWriteClient()) }
 *   async down() { await dropEngineTables(this.db.getWriteClient()) }
 * }
 * ```
 *
 * Keys are BIGINT (below 2^53); JSON is TEXT on SQLite and LONGTEXT on MySQL; indexed strings
 * stay within MySQL's index length limits (utf8mb4, 3072 bytes per index). A database created
 * before part 2 gets the event tables by calling `createEngineTables` again (a new migration);
 * no existing table changes.
 */

/** The tables events need (part 2): added to an existing database by `createEngineTables`. */
export const ENGINE_EVENT_TABLES = [
  'engine_timers',
  'engine_message_subscriptions',
  'engine_signal_subscriptions',
  'engine_messages',
  'engine_start_correlations',
] as const

/**
 * The tables of DMN decisions (engine part 3), created by `createEngineTables` like the others:
 * decision requirements graphs (one per deployed DMN resource version, with its XML), decisions
 * (one row per version of a decision id), and decision instances (one row per decision
 * evaluated, for searches; the full evaluation is also a DECISION_EVALUATION record).
 */
export const ENGINE_DECISION_TABLES = [
  'engine_decision_requirements',
  'engine_decisions',
  'engine_decision_instances',
] as const

/**
 * The tables of deployed resources that can be deleted (`deleteResource`). A deleted row stays,
 * marked by its `deleted_at` (epoch ms): its version number is never given again, and instances
 * that ran on it keep their history; lookups of what can still be used skip it.
 */
export const DELETABLE_TABLES = [
  'engine_process_definitions',
  'engine_forms',
  'engine_decision_requirements',
  'engine_decisions',
] as const

/** Every engine table, in creation order. */
export const ENGINE_TABLES = [
  'engine_key_blocks',
  'engine_resources',
  'engine_process_definitions',
  'engine_forms',
  'engine_process_instances',
  'engine_jobs',
  'engine_incidents',
  'engine_records',
  ...ENGINE_EVENT_TABLES,
  ...ENGINE_DECISION_TABLES,
] as const

/**
 * Creates the engine tables and their indexes (idempotent: existing tables are kept, missing
 * ones are added, so calling it again from a later migration upgrades an existing database with
 * the tables of newer engine parts).
 */
export async function createEngineTables(knex: Knex): Promise<void> {
  const mysql = isMysql(knex)
  const create = async (name: string, build: (table: Knex.CreateTableBuilder) => void) => {
    // knex.schema is a fresh builder on each access: never reuse one across statements
    if (!(await knex.schema.hasTable(name))) {
      await knex.schema.createTable(name, (table) => {
        if (mysql) {
          table.engine('InnoDB')
          table.charset('utf8mb4')
        }
        build(table)
      })
    }
  }

  await create('engine_key_blocks', (table) => {
    table.string('name', 64).primary()
    table.bigInteger('next_value').notNullable()
  })

  await create('engine_resources', (table) => {
    table.bigInteger('resource_key').primary()
    table.bigInteger('deployment_key').notNullable()
    table.string('resource_name', 255).notNullable()
    table.string('checksum', 64).notNullable()
    table.text('content', 'longtext').notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('created_at').notNullable()
    table.index(['deployment_key'], 'engine_resources_deployment')
  })

  await create('engine_process_definitions', (table) => {
    table.bigInteger('process_definition_key').primary()
    table.string('bpmn_process_id', 255).notNullable()
    table.integer('version').notNullable()
    table.string('version_tag', 255).nullable()
    table.string('name', 255).nullable()
    table.bigInteger('resource_key').notNullable()
    table.string('resource_name', 255).notNullable()
    table.string('checksum', 64).notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('deployment_key').notNullable()
    table.bigInteger('created_at').notNullable()
    table.bigInteger('deleted_at').nullable()
    table.unique(['tenant_id', 'bpmn_process_id', 'version'], {
      indexName: 'engine_process_definitions_version',
    })
  })

  await create('engine_forms', (table) => {
    table.bigInteger('form_key').primary()
    table.string('form_id', 255).notNullable()
    table.integer('version').notNullable()
    table.string('version_tag', 255).nullable()
    table.string('resource_name', 255).notNullable()
    table.string('checksum', 64).notNullable()
    table.text('form_schema', 'longtext').notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('deployment_key').notNullable()
    table.bigInteger('created_at').notNullable()
    table.bigInteger('deleted_at').nullable()
    table.unique(['tenant_id', 'form_id', 'version'], { indexName: 'engine_forms_version' })
  })

  await create('engine_process_instances', (table) => {
    table.bigInteger('process_instance_key').primary()
    table.bigInteger('process_definition_key').notNullable()
    table.string('bpmn_process_id', 255).notNullable()
    table.integer('version').notNullable()
    table.string('tenant_id', 64).notNullable()
    table.string('state', 16).notNullable()
    table.string('business_id', 255).nullable()
    // sha-256 of tenant, process id and business id while the instance is active and its
    // process asks for unique business ids; NULL otherwise (NULLs never clash)
    table.string('unique_business_hash', 64).nullable().unique({
      indexName: 'engine_process_instances_unique_business',
    })
    table.boolean('has_incident').notNullable().defaultTo(false)
    table.bigInteger('start_date').notNullable()
    table.bigInteger('end_date').nullable()
    table.bigInteger('parent_process_instance_key').nullable()
    table.bigInteger('parent_element_instance_key').nullable()
    table.integer('row_version').notNullable()
    table.text('state_json', 'longtext').nullable()
    table.index(['bpmn_process_id', 'state'], 'engine_process_instances_process')
    table.index(['process_definition_key', 'state'], 'engine_process_instances_definition')
    table.index(['state', 'has_incident'], 'engine_process_instances_state')
    table.index(['business_id'], 'engine_process_instances_business')
    table.index(['parent_process_instance_key'], 'engine_process_instances_parent')
  })

  await create('engine_jobs', (table) => {
    table.bigInteger('job_key').primary()
    table.string('type', 255).notNullable()
    table.string('state', 16).notNullable()
    table.integer('retries').notNullable()
    table.string('worker', 255).nullable()
    table.bigInteger('deadline').nullable()
    table.bigInteger('recur_at').nullable()
    table.integer('priority').notNullable().defaultTo(0)
    table.text('error_message').nullable()
    table.string('error_code', 255).nullable()
    table.text('custom_headers', 'longtext').notNullable()
    table.bigInteger('process_instance_key').notNullable()
    table.bigInteger('element_instance_key').notNullable()
    table.string('element_id', 255).notNullable()
    table.string('bpmn_process_id', 255).notNullable()
    table.bigInteger('process_definition_key').notNullable()
    table.integer('process_definition_version').notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('created_at').notNullable()
    // set while the instance is suspended (part 3): activation skips the job
    table.boolean('suspended').notNullable().defaultTo(false)
    table.index(['state', 'deadline'], 'engine_jobs_deadline')
    table.index(['state', 'recur_at'], 'engine_jobs_recur')
    table.index(['process_instance_key'], 'engine_jobs_instance')
  })
  // a database created before part 3: the suspension flag of jobs
  if (!(await knex.schema.hasColumn('engine_jobs', 'suspended'))) {
    await knex.schema.alterTable('engine_jobs', (table) => {
      table.boolean('suspended').notNullable().defaultTo(false)
    })
  }
  // activation: by type and state, higher priority first, then oldest first
  await createIndexIfMissing(
    knex,
    'engine_jobs',
    'engine_jobs_activation',
    mysql
      ? 'CREATE INDEX engine_jobs_activation ON engine_jobs (`type`, `state`, `priority` DESC, `job_key`)'
      : 'CREATE INDEX IF NOT EXISTS engine_jobs_activation ON engine_jobs ("type", "state", "priority" DESC, "job_key")'
  )

  await create('engine_incidents', (table) => {
    table.bigInteger('incident_key').primary()
    table.string('state', 16).notNullable()
    table.string('error_type', 64).notNullable()
    table.text('error_message', 'longtext').notNullable()
    table.bigInteger('process_instance_key').notNullable()
    table.bigInteger('process_definition_key').notNullable()
    table.string('bpmn_process_id', 255).notNullable()
    table.string('element_id', 255).notNullable()
    table.bigInteger('element_instance_key').notNullable()
    table.bigInteger('job_key').nullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('created_at').notNullable()
    table.bigInteger('resolved_at').nullable()
    table.index(['process_instance_key'], 'engine_incidents_instance')
    table.index(['state', 'created_at'], 'engine_incidents_state')
  })

  await create('engine_records', (table) => {
    table.bigIncrements('position')
    table.bigInteger('record_key').notNullable()
    table.string('value_type', 32).notNullable()
    table.string('intent', 32).notNullable()
    table.bigInteger('process_instance_key').nullable()
    table.string('element_id', 255).nullable()
    table.bigInteger('timestamp').notNullable()
    table.text('record_value', 'longtext').notNullable()
    table.index(['process_instance_key', 'position'], 'engine_records_instance')
    table.index(['record_key'], 'engine_records_key')
  })

  await create('engine_timers', (table) => {
    table.bigInteger('timer_key').primary()
    table.bigInteger('process_instance_key').nullable()
    table.bigInteger('element_instance_key').nullable()
    table.bigInteger('process_definition_key').notNullable()
    table.string('bpmn_process_id', 255).notNullable()
    table.string('element_id', 255).notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('due_date').notNullable()
    table.integer('repetitions').notNullable()
    table.text('recurrence').notNullable()
    table.bigInteger('created_at').notNullable()
    // the scheduler claims due timers in due order, in batches
    table.index(['due_date'], 'engine_timers_due')
    table.index(['process_instance_key'], 'engine_timers_instance')
    table.index(['process_definition_key'], 'engine_timers_definition')
  })

  const subscriptions = (table: Knex.CreateTableBuilder, nameColumn: string) => {
    table.bigInteger('subscription_key').primary()
    table.string('tenant_id', 64).notNullable()
    table.string(nameColumn, 255).notNullable()
    table.bigInteger('process_instance_key').nullable()
    table.bigInteger('element_instance_key').nullable()
    table.string('element_id', 255).notNullable()
    table.string('bpmn_process_id', 255).notNullable()
    table.bigInteger('process_definition_key').notNullable()
    table.boolean('interrupting').notNullable().defaultTo(true)
    table.bigInteger('created_at').notNullable()
  }
  await create('engine_message_subscriptions', (table) => {
    subscriptions(table, 'message_name')
    // NULL for message start events, which correlate on the name alone
    table.string('correlation_key', 255).nullable()
    table.index(
      ['message_name', 'correlation_key', 'tenant_id'],
      'engine_message_subscriptions_correlation'
    )
    table.index(['process_instance_key'], 'engine_message_subscriptions_instance')
    table.index(['process_definition_key'], 'engine_message_subscriptions_definition')
  })
  await create('engine_signal_subscriptions', (table) => {
    subscriptions(table, 'signal_name')
    table.index(['signal_name', 'tenant_id'], 'engine_signal_subscriptions_name')
    table.index(['process_instance_key'], 'engine_signal_subscriptions_instance')
    table.index(['process_definition_key'], 'engine_signal_subscriptions_definition')
  })

  await create('engine_messages', (table) => {
    table.bigInteger('message_key').primary()
    table.string('tenant_id', 64).notNullable()
    table.string('message_name', 255).notNullable()
    table.string('correlation_key', 255).notNullable()
    table.string('message_id', 255).nullable()
    // sha-256 of tenant, name, correlation key and message id: a second message with the same
    // id is refused while the first is buffered; NULL without a message id
    table.string('message_id_hash', 64).nullable().unique({
      indexName: 'engine_messages_message_id',
    })
    table.text('variables', 'longtext').notNullable()
    table.bigInteger('deadline').notNullable()
    table.text('correlated_processes').notNullable()
    table.bigInteger('created_at').notNullable()
    table.index(['message_name', 'correlation_key', 'deadline'], 'engine_messages_correlation')
    table.index(['deadline'], 'engine_messages_deadline')
  })

  await create('engine_start_correlations', (table) => {
    table.string('correlation_hash', 64).primary()
    table.string('tenant_id', 64).notNullable()
    table.string('bpmn_process_id', 255).notNullable()
    table.string('correlation_key', 255).notNullable()
    table.bigInteger('process_instance_key').notNullable()
  })
  // DMN decisions (part 3)
  await create('engine_decision_requirements', (table) => {
    table.bigInteger('decision_requirements_key').primary()
    table.string('decision_requirements_id', 255).notNullable()
    table.string('name', 255).notNullable()
    table.integer('version').notNullable()
    table.string('resource_name', 255).notNullable()
    table.string('checksum', 64).notNullable()
    table.text('content', 'longtext').notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('deployment_key').notNullable()
    table.bigInteger('created_at').notNullable()
    table.bigInteger('deleted_at').nullable()
    table.unique(['tenant_id', 'decision_requirements_id', 'version'], {
      indexName: 'engine_decision_requirements_version',
    })
  })
  await create('engine_decisions', (table) => {
    table.bigInteger('decision_key').primary()
    table.string('decision_id', 255).notNullable()
    table.string('name', 255).notNullable()
    table.integer('version').notNullable()
    table.string('version_tag', 255).nullable()
    table.bigInteger('decision_requirements_key').notNullable().index('engine_decisions_drg')
    table.string('decision_requirements_id', 255).notNullable()
    table.string('tenant_id', 64).notNullable()
    table.bigInteger('deployment_key').notNullable()
    table.bigInteger('created_at').notNullable()
    table.bigInteger('deleted_at').nullable()
    table.unique(['tenant_id', 'decision_id', 'version'], { indexName: 'engine_decisions_version' })
  })
  // a database created before resource deletion: when each deployed resource was deleted
  for (const table of DELETABLE_TABLES) {
    if (!(await knex.schema.hasColumn(table, 'deleted_at'))) {
      await knex.schema.alterTable(table, (builder) => {
        builder.bigInteger('deleted_at').nullable()
      })
    }
  }
  await create('engine_decision_instances', (table) => {
    table.string('instance_id', 40).primary()
    table
      .bigInteger('decision_evaluation_key')
      .notNullable()
      .index('engine_decision_instances_eval')
    table.string('state', 16).notNullable()
    table.bigInteger('evaluation_date').notNullable()
    table.text('evaluation_failure').nullable()
    table.bigInteger('decision_key').notNullable().index('engine_decision_instances_decision')
    table.string('decision_id', 255).notNullable()
    table.string('decision_name', 255).notNullable()
    table.integer('decision_version').notNullable()
    table.string('decision_type', 32).notNullable()
    table.bigInteger('root_decision_key').notNullable()
    table.bigInteger('decision_requirements_key').notNullable()
    table.text('result', 'longtext').nullable()
    table.text('inputs_json', 'longtext').notNullable()
    table.text('matched_rules_json', 'longtext').notNullable()
    table.bigInteger('process_definition_key').nullable()
    table.bigInteger('process_instance_key').nullable().index('engine_decision_instances_pi')
    table.bigInteger('element_instance_key').nullable()
    table.string('element_id', 255).nullable()
    table.string('tenant_id', 64).notNullable()
  })
}

/** Drops every engine table (the migration's `down`). */
export async function dropEngineTables(knex: Knex): Promise<void> {
  for (const table of [...ENGINE_TABLES].reverse()) {
    await knex.schema.dropTableIfExists(table)
  }
}

/** Whether a knex instance talks to MySQL/MariaDB (otherwise SQLite). */
export function isMysql(knex: Knex): boolean {
  const client = String((knex.client as { config?: { client?: unknown } }).config?.client ?? '')
  return client.includes('mysql')
}

async function createIndexIfMissing(knex: Knex, table: string, index: string, sql: string) {
  if (isMysql(knex)) {
    const [rows] = await knex.raw('SHOW INDEX FROM ?? WHERE Key_name = ?', [table, index])
    if ((rows as unknown[]).length > 0) {
      return
    }
  }
  await knex.raw(sql)
}
