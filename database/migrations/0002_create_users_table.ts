import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Users, their unit memberships and their roles. Roles are a fixed set
 * (admin, process_owner, staff, leader, auditor) held per user.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('users', (table) => {
      table.increments('id').notNullable()
      table.string('email', 254).notNullable().unique()
      table.string('full_name', 255).notNullable()
      table.string('password', 255).notNullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.string('locale', 8).notNullable().defaultTo('vi')
      table.string('time_zone', 64).notNullable().defaultTo('Asia/Ho_Chi_Minh')
      table.timestamp('last_login_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('unit_memberships', (table) => {
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table
        .integer('unit_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('units')
        .onDelete('CASCADE')
      table.boolean('is_primary').notNullable().defaultTo(false)
      table.primary(['user_id', 'unit_id'])
      table.index(['unit_id'])
    })

    this.schema.createTable('user_roles', (table) => {
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('role', 32).notNullable()
      table.primary(['user_id', 'role'])
      table.index(['role'])
    })
  }

  async down() {
    this.schema.dropTable('user_roles')
    this.schema.dropTable('unit_memberships')
    this.schema.dropTable('users')
  }
}
