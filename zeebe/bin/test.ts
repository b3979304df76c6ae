/**
 * Test entry point of this workspace: Japa with the assert plugin, run by
 * `npm test` here and by the root `npm test`. Suites live in `tests/` and
 * mirror `src/`.
 */
import { assert } from '@japa/assert'
import { configure, processCLIArgs, run } from '@japa/runner'

processCLIArgs(process.argv.splice(2))
configure({
  files: ['tests/**/*.spec.ts'],
  plugins: [assert()],
  timeout: 30_000,
})

await run()
