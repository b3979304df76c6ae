import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './databases.js'
import { residentMiB } from './machine.js'
import { sleep } from './figures.js'

/**
 * Applies the app's migrations to a database (`node ace migration:run --force`), with the
 * same variables the server reads.
 */
export function migrateApp(env: Record<string, string>): void {
  const result = spawnSync(process.execPath, ['ace', 'migration:run', '--force'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(`Migrations failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  }
}

/**
 * The real Senflow server (`node bin/start.js`, as `npm start` runs it) on loopback, for the
 * benchmarks that measure over HTTP or the server's memory.
 */
export class BenchServer {
  #child: ChildProcess | null = null
  output = ''

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
    /** Extra Node options for the server process (e.g. `--cpu-prof`). */
    readonly nodeArgs: string[] = []
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** The server's process id (for its resident memory). */
  get pid(): number {
    if (!this.#child?.pid) {
      throw new Error('Expected a running server, but it is not started')
    }
    return this.#child.pid
  }

  /** Resident memory of the server process, in MiB. */
  residentMiB(): number {
    return residentMiB(this.pid)
  }

  /** Starts the server and waits until `/health` answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, [...this.nodeArgs, 'bin/start.js'], {
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
      if (child.exitCode !== null) {
        throw new Error(`The server exited (${child.exitCode}):\n${this.output}`)
      }
      try {
        const response = await fetch(`${this.url}/health`)
        if (response.ok) {
          return
        }
      } catch {
        // not listening yet
      }
      await sleep(200)
    }
    throw new Error(`The server did not answer within ${timeoutMs} ms:\n${this.output}`)
  }

  /** Stops the server gracefully (SIGTERM), killing it if it does not exit in 15 s. */
  async stop(): Promise<void> {
    const child = this.#child
    if (!child || child.exitCode !== null) {
      return
    }
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
      child.once('exit', () => {
        clearTimeout(force)
        resolve()
      })
      child.kill('SIGTERM')
    })
    this.#child = null
  }
}

/** A bearer-authenticated JSON client for one user of the bench server. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string
  ) {}

  /** Sends a request; throws on a non-2xx answer; returns the parsed body. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`)
    }
    return (text ? JSON.parse(text) : null) as T
  }

  /** `GET path`, returning the parsed body. */
  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path)
  }
}

/**
 * With `--profile-server`, Node options that make the server write a CPU profile to
 * `tmp/bench-profiles/` when it stops.
 */
export function serverProfileArgs(options: Map<string, string>): string[] {
  if (!options.has('profile-server')) {
    return []
  }
  const dir = join(ROOT, 'tmp', 'bench-profiles')
  mkdirSync(dir, { recursive: true })
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`]
}
