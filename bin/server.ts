/*
|--------------------------------------------------------------------------
| HTTP server entrypoint
|--------------------------------------------------------------------------
|
| Boots the app (start/startup.ts applies migrations and loads the demo
| data into an empty database), starts the HTTP server, and prints where
| it listens and, outside production, the demo logins.
*/
await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')

const APP_ROOT = new URL('../', import.meta.url)

/**
 * Listen on loopback unless HOST says otherwise (HOST=0.0.0.0 to serve a network).
 */
process.env.HOST ||= '127.0.0.1'
process.env.PORT ||= '3333'

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

const ignitor = new Ignitor(APP_ROOT, { importer: IMPORTER }).tap((app) => {
  app.booting(async () => {
    await import('#start/env')
  })
  app.listen('SIGTERM', () => app.terminate())
  app.listen('SIGINT', () => app.terminate())
})

try {
  await ignitor.httpServer().start()
  const { printBanner } = await import('#services/banner')
  printBanner()
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
}
