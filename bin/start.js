/*
|--------------------------------------------------------------------------
| `npm start`
|--------------------------------------------------------------------------
|
| Everything a fresh clone needs: a `.env` with a generated APP_KEY (kept
| for later starts, since it encrypts stored secrets), then the server,
| which applies migrations and loads demo data into an empty database.
*/
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const envUrl = new URL('../.env', import.meta.url)
if (!existsSync(envUrl)) {
  const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8')
  const key = randomBytes(32).toString('base64url')
  writeFileSync(envUrl, example.replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`), { mode: 0o600 })
  console.log('Created .env with a new APP_KEY (keep it: it encrypts stored secrets).')
}

/*
| The admin UI: built when missing or older than its sources.
*/
const uiRoot = new URL('../admin-ui/', import.meta.url)
const builtAt = (() => {
  try {
    return statSync(new URL('dist/index.html', uiRoot)).mtimeMs
  } catch {
    return 0
  }
})()
const newestSource = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return Math.max(newest, newestSource(path))
    return Math.max(newest, statSync(path).mtimeMs)
  }, 0)
const uiDir = fileURLToPath(uiRoot)
const sourcesAt = Math.max(newestSource(join(uiDir, 'src')), statSync(join(uiDir, 'index.html')).mtimeMs)
if (builtAt < sourcesAt && process.env.SENFLOW_SKIP_UI_BUILD !== 'true') {
  console.log('Building the admin UI (first start or changed sources)…')
  const build = spawnSync(process.execPath, [join(uiDir, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: uiDir,
    stdio: 'inherit',
  })
  if (build.status !== 0) {
    console.error('The admin UI could not be built; the API still starts.')
  }
}

await import('ts-node-maintained/register/esm')
await import('./server.js')
