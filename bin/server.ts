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
const { setFlagsFromString } = await import('node:v8')

/**
 * Between two full garbage collections the heap grows by at most half its live size
 * (SENFLOW_HEAP_GROWING_PERCENT, 50 by default; 0 leaves V8's own rule). V8 otherwise lets it
 * grow up to 4× on a machine with gigabytes of memory, mostly garbage waiting for the next full
 * collection: the server's resident memory then moved by 200 MB from run to run with the same
 * work (`bench/results/memory-*.md`, docs/operations.md). Read by V8 at every full collection.
 */
const heapGrowingPercent = Number(process.env.SENFLOW_HEAP_GROWING_PERCENT ?? 50)
if (Number.isInteger(heapGrowingPercent) && heapGrowingPercent > 0) {
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`)
}

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

/**
 * Graceful shutdown, bounded: the providers stop (HTTP server, engine runtime, workers) and the
 * process ends; when something still holds on after `SENFLOW_SHUTDOWN_TIMEOUT_MS` (10 s by
 * default: a job waiting on a peer that never answers, a client keeping a connection open), the
 * process exits anyway, as a supervisor would after its grace period.
 */
function terminate(app: { terminate(): Promise<void> }) {
  const graceMs = Number(process.env.SENFLOW_SHUTDOWN_TIMEOUT_MS ?? 10_000)
  setTimeout(
    () => {
      console.error(`Senflow did not stop within ${graceMs} ms; exiting now`)
      process.exit(process.exitCode ?? 1)
    },
    Number.isFinite(graceMs) && graceMs > 0 ? graceMs : 10_000
  ).unref()
  return app.terminate()
}

const ignitor = new Ignitor(APP_ROOT, { importer: IMPORTER }).tap((app) => {
  app.booting(async () => {
    await import('#start/env')
  })
  app.listen('SIGTERM', () => terminate(app))
  app.listen('SIGINT', () => terminate(app))
})

try {
  await ignitor.httpServer().start()
  const { printBanner } = await import('#services/banner')
  printBanner()
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
}
