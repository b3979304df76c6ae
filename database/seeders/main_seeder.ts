import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { loadDemoData } from '#services/demo_data'

/**
 * `node ace db:seed`: the demo organisation (never in production).
 */
export default class MainSeeder extends BaseSeeder {
  static environment = ['development', 'testing']

  async run() {
    await loadDemoData()
  }
}
