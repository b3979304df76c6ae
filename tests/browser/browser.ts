/*
|--------------------------------------------------------------------------
| Browser test helpers
|--------------------------------------------------------------------------
|
| The browser suite drives the built admin UI (admin-ui/dist) in Chromium
| against the HTTP server the test bootstrap starts. One browser per run, a
| fresh context (cookies, storage) per test; console errors and warnings
| and uncaught page errors are collected so a test can assert there were
| none; screenshots go to tmp/screenshots/<test>-<step>.png.
*/
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core'
import { baseUrl } from '#tests/helpers'

/**
 * Whether the element `locator` finds has the keyboard focus.
 */
export function hasFocus(locator: Locator) {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement)
}

/**
 * Where Chromium is expected (Debian's package); `CHROMIUM_PATH` overrides.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * The password of the demo users.
 */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'senflow-demo'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
]

let browser: Promise<Browser> | undefined
let uiBuilt = false

/**
 * Builds the admin UI when admin-ui/dist is missing or older than its
 * sources (the check bin/start.js makes), once per run; throws when the
 * build fails, since every browser test would then test a stale UI.
 */
export function ensureUiBuilt() {
  if (uiBuilt) return
  const uiDir = app.makePath('admin-ui')
  const builtAt = (() => {
    try {
      return statSync(join(uiDir, 'dist', 'index.html')).mtimeMs
    } catch {
      return 0
    }
  })()
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name)
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
    }, 0)
  const sourcesAt = Math.max(
    newest(join(uiDir, 'src')),
    existsSync(join(uiDir, 'public')) ? newest(join(uiDir, 'public')) : 0,
    statSync(join(uiDir, 'index.html')).mtimeMs,
    statSync(join(uiDir, 'vite.config.ts')).mtimeMs
  )
  if (builtAt < sourcesAt) {
    const vite = app.makePath('node_modules', 'vite', 'bin', 'vite.js')
    const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: uiDir,
      stdio: 'inherit',
    })
    if (build.status !== 0) {
      throw new Error(
        `Expected the admin UI to build for the browser suite, but vite build exited with ${build.status}`
      )
    }
  }
  uiBuilt = true
}

/**
 * The shared Chromium of this run, launched on first use.
 */
export function sharedBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Expected Chromium at ${CHROMIUM_PATH} for the browser suite, but it is not installed. ` +
        'Install it with `apt-get install chromium` (CI installs it), or set CHROMIUM_PATH.'
    )
  }
  browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  return browser
}

/**
 * Closes the shared browser (register it as a group teardown).
 */
export async function closeBrowser() {
  const launched = browser
  browser = undefined
  if (launched) await (await launched).close()
}

/**
 * A test's window on the UI: a page in a fresh browser context, the
 * problems the page reported, and helpers for the steps every test takes.
 */
export interface UiSession {
  page: Page
  context: BrowserContext
  /** Console errors and warnings, and uncaught page errors, in order. */
  problems: string[]
  /** Saves tmp/screenshots/<test>-<step>.png (the full page). */
  screenshot(step: string): Promise<string>
  /** Opens a path of the app and waits for its page heading. */
  visit(path: string): Promise<void>
  /** Signs in through the sign-in page and waits for the signed-in shell. */
  signIn(email: string, password?: string): Promise<void>
  /** Signs out through the user menu and waits for the sign-in page. */
  signOut(): Promise<void>
  /** Lets a problem matching `pattern` pass (an error the test provokes). */
  allowProblem(pattern: RegExp): void
  /** The problems not allowed, for `assert.deepEqual(ui.unexpectedProblems(), [])`. */
  unexpectedProblems(): string[]
  /** Closes the context (register with `cleanup`). */
  close(): Promise<void>
}

function slug(text: string) {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\w]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
}

/**
 * Opens the UI for one test in a fresh context (1280×860 unless
 * `viewport` says otherwise): builds the UI if needed, launches Chromium
 * once, and starts collecting console problems.
 */
export async function openUi(
  testName: string,
  options: { viewport?: { width: number; height: number } } = {}
): Promise<UiSession> {
  ensureUiBuilt()
  const context = await (
    await sharedBrowser()
  ).newContext({
    baseURL: baseUrl(),
    viewport: options.viewport ?? { width: 1280, height: 860 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  })
  const page = await context.newPage()
  const problems: string[] = []
  const allowed: RegExp[] = []
  page.on('console', (message) => {
    if (['error', 'warning', 'assert'].includes(message.type())) {
      problems.push(`console.${message.type()}: ${message.text()} (${page.url()})`)
    }
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message} (${page.url()})`))

  const screenshotDir = app.makePath('tmp', 'screenshots')
  mkdirSync(screenshotDir, { recursive: true })

  const session: UiSession = {
    page,
    context,
    problems,
    async screenshot(step) {
      const path = join(screenshotDir, `${slug(testName)}-${slug(step)}.png`)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async visit(path) {
      await page.goto(path)
      await page.locator('main h1').first().waitFor()
    },
    async signIn(email, password = DEMO_PASSWORD) {
      if (!new URL(page.url(), baseUrl()).pathname.startsWith('/sign-in')) {
        await page.goto('/sign-in')
      }
      await page.locator('input[name="email"]').fill(email)
      await page.locator('input[name="password"]').fill(password)
      await page.locator('form button[type="submit"]').click()
      await page.locator('button[aria-haspopup="menu"]').waitFor()
      await page.locator('main h1').first().waitFor()
    },
    async signOut() {
      await page.locator('button[aria-haspopup="menu"]').click()
      await page.locator('[role="menuitem"]').last().click()
      await page.locator('input[name="email"]').waitFor()
    },
    allowProblem(pattern) {
      allowed.push(pattern)
    },
    unexpectedProblems() {
      return problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)))
    },
    async close() {
      await context.close()
    },
  }
  return session
}
