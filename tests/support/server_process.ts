import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * A Senflow server in its own process (`node bin/start.js`, as `npm start`
 * runs it), on loopback, for tests that kill and restart it.
 */
export class ServerProcess {
  #child: ChildProcess | null = null
  output = ''

  constructor(
    readonly port: number,
    readonly env: Record<string, string>
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`
  }

  /**
   * Starts the server and waits until /health answers 200.
   */
  async start(timeoutMs = 60_000) {
    const child = spawn(process.execPath, ['bin/start.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        SENFLOW_SKIP_UI_BUILD: 'true',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (chunk) => (this.output += chunk))
    child.stderr!.on('data', (chunk) => (this.output += chunk))
    this.#child = child
    const started = Date.now()
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null)
        throw new Error(`The server exited (${child.exitCode}):\n${this.output}`)
      try {
        const response = await fetch(`${this.url}/health`)
        if (response.ok) return
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    throw new Error(`The server did not answer within ${timeoutMs} ms:\n${this.output}`)
  }

  /**
   * Kills the process at once (SIGKILL: no graceful shutdown).
   */
  async kill() {
    const child = this.#child
    if (!child || child.exitCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
    this.#child = null
  }

  /**
   * Stops the process gracefully.
   */
  async stop() {
    const child = this.#child
    if (!child || child.exitCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
    this.#child = null
  }
}
