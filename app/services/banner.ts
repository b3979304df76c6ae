import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { DEMO_USERS, demoPassword } from '#services/demo_data'

/**
 * Prints where the server listens and, outside production, the demo
 * logins: what a newcomer needs after `npm start`.
 */
export function printBanner() {
  const host = env.get('HOST', '127.0.0.1')
  const port = env.get('PORT', 3333)
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  const url = `http://${shownHost}:${port}`
  const lines = [
    '',
    `  Senflow is running at ${url}`,
    `  Database: ${env.get('DB_CONNECTION', 'sqlite')}   Health: ${url}/health   API: ${url}/api/openapi.json`,
  ]
  if (!app.inProduction) {
    lines.push('', `  Demo logins (password: ${demoPassword()})`)
    const width = Math.max(...DEMO_USERS.map((user) => user.email.length))
    for (const user of DEMO_USERS)
      lines.push(`    ${user.email.padEnd(width)}  ${user.roles.join(', ')}`)
  }
  lines.push('')
  console.log(lines.join('\n'))
}
