/*
|--------------------------------------------------------------------------
| `npm run bench [-- <name> [options]]`
|--------------------------------------------------------------------------
|
| Runs every benchmark, or the one named, each in its own Node process with
| the ts-node loader, and prints each one's JSON line of figures (progress
| goes to stderr). Options after the name go to that benchmark, e.g.
| `npm run bench -- engine-throughput --db=mysql`. `--profile` adds a CPU
| profile of the benchmark process in tmp/bench-profiles/.
|
| Benchmarks are not tests: `npm test` never runs them.
*/
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * The benchmarks by name: their file and the runs `npm run bench` makes
 * when no option is given (one JSON line each).
 */
const BENCHES = {
  'engine-throughput': {
    file: 'bench/engine_throughput.ts',
    runs: [['--db=sqlite'], ['--db=mysql']],
  },
  'timers': { file: 'bench/timers.ts', runs: [['--db=sqlite'], ['--db=mysql']] },
  'procedure': { file: 'bench/procedure.ts', runs: [['--db=sqlite'], ['--db=mysql']] },
  'inbox': { file: 'bench/inbox.ts', runs: [[]] },
  'growth': { file: 'bench/growth.ts', runs: [['--db=mysql'], ['--db=sqlite']] },
  'memory': { file: 'bench/memory.ts', runs: [['--db=sqlite'], ['--db=mysql']] },
}

const [name, ...rest] = process.argv.slice(2)
if (name === '--help' || name === '-h' || (name && !BENCHES[name])) {
  console.error(
    `Usage: npm run bench [-- <name> [--option=value …]]\nBenchmarks: ${Object.keys(BENCHES).join(', ')}`
  )
  process.exit(name === '--help' || name === '-h' ? 0 : 1)
}

const profile = rest.includes('--profile')
const options = rest.filter((option) => option !== '--profile')
const selected = name ? [name] : Object.keys(BENCHES)

let failures = 0
for (const bench of selected) {
  const { file, runs } = BENCHES[bench]
  for (const args of options.length ? [options] : runs) {
    const code = await runOne(file, args)
    if (code !== 0) {
      failures++
      console.error(`${bench} ${args.join(' ')} failed (exit ${code})`)
    }
  }
}
process.exit(failures ? 1 : 0)

/** Runs one benchmark process; its stdout (the JSON line) passes through. */
function runOne(file, args) {
  const nodeArgs = ['--import=ts-node-maintained/register/esm']
  if (profile) {
    const dir = `${ROOT}tmp/bench-profiles`
    mkdirSync(dir, { recursive: true })
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${dir}`)
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
