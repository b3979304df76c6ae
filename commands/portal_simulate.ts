import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace portal:simulate`: a standalone simulator of the National Public
 * Service Portal's adapter on 127.0.0.1, for demos and manual tests of the
 * portal connector. Runs until stopped (Ctrl+C).
 */
export default class PortalSimulate extends BaseCommand {
  static commandName = 'portal:simulate'
  static description =
    'Start the National Public Service Portal simulator on 127.0.0.1 (PORTAL_SIMULATOR_PORT, default 8790)'
  static options: CommandOptions = { startApp: false }

  @flags.number({ description: 'Port to listen on (default PORTAL_SIMULATOR_PORT or 8790)' })
  declare port?: number

  async run() {
    const { portalSimulatorMain } = await import('@senflow/connectors')
    const simulator = await portalSimulatorMain({
      ...(this.port !== undefined ? { port: this.port } : {}),
      log: (line) => this.logger.info(line),
    })
    this.logger.info(`URL: ${simulator.url}`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    await simulator.close()
    this.logger.info('Portal simulator stopped')
  }
}
