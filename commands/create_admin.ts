import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace user:create-admin`: the first administrator of a production
 * database (where no demo data is ever loaded).
 */
export default class CreateAdmin extends BaseCommand {
  static commandName = 'user:create-admin'
  static description = 'Create an administrator account (asks for the values not given as flags)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Email of the administrator' })
  declare email?: string

  @flags.string({ description: 'Full name' })
  declare name?: string

  @flags.string({ description: 'Password (at least 8 characters); asked for when omitted' })
  declare password?: string

  @flags.string({ description: 'Code of the unit the administrator belongs to' })
  declare unit?: string

  async run() {
    const { runPendingMigrations } = await import('#services/database_setup')
    const { createUserValidator } = await import('#validators/user_validator')
    const { default: UserService } = await import('#services/user_service')
    const { default: AuditService } = await import('#services/audit_service')
    const { errors } = await import('@vinejs/vine')

    await runPendingMigrations()
    const email = this.email ?? (await this.prompt.ask('Email'))
    const fullName = this.name ?? (await this.prompt.ask('Full name'))
    const password = this.password ?? (await this.prompt.secure('Password (at least 8 characters)'))
    try {
      const payload = await createUserValidator.validate({
        email,
        fullName,
        password,
        roles: ['admin'],
        unitCodes: this.unit ? [this.unit] : undefined,
      })
      const user = await new UserService(new AuditService()).create(payload, {
        id: null,
        email: 'system:cli',
      })
      this.logger.success(`Created administrator ${user.email} (id ${user.id})`)
    } catch (error) {
      if (error instanceof errors.E_VALIDATION_ERROR) {
        for (const message of error.messages as { field: string; message: string }[]) {
          this.logger.error(`${message.field}: ${message.message}`)
        }
        this.exitCode = 1
        return
      }
      throw error
    }
  }
}
