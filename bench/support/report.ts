import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './databases.js'
import { loadAverage, machineInfo } from './machine.js'

/** Where the markdown reports go (committed) and the raw figure history (`*.tmp`, ignored). */
export const RESULTS_DIR = join(ROOT, 'bench', 'results')

/** A target from the issue and whether the figure meets it. */
export interface TargetCheck {
  target: string
  figure: string
  met: boolean
}

/** One table of a report: a header row and rows of cells. */
export interface ReportTable {
  title?: string
  header: string[]
  rows: Array<Array<string | number>>
}

/**
 * Writes a benchmark's short markdown report to `bench/results/<name>.md` (the machine, the
 * date, the load average, the figures, the targets) and appends its JSON line to
 * `bench/results/<name>.jsonl.tmp` so earlier runs stay at hand without being committed.
 */
export function writeReport(options: {
  name: string
  title: string
  summary: string
  tables: ReportTable[]
  targets: TargetCheck[]
  notes?: string[]
  figures: Record<string, unknown>
  /** Load averages (1, 5, 15 min) when the measurement started. */
  loadBefore: [number, number, number]
  database?: string
}): string {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const machine = machineInfo()
  const loadAfter = loadAverage()
  const lines: string[] = [
    `# ${options.title}`,
    '',
    options.summary,
    '',
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
  ]
  if (options.database) {
    lines.push(`- Database: ${options.database}`)
  }
  lines.push(
    `- Load average (1/5/15 min): ${options.loadBefore.join(' / ')} before, ${loadAfter.join(' / ')} after` +
      ' (the machine is shared: other work running at the same time lowers the figures)',
    ''
  )
  for (const table of options.tables) {
    if (table.title) {
      lines.push(`## ${table.title}`, '')
    }
    lines.push(`| ${table.header.join(' | ')} |`, `|${table.header.map(() => '---').join('|')}|`)
    for (const row of table.rows) {
      lines.push(`| ${row.join(' | ')} |`)
    }
    lines.push('')
  }
  if (options.targets.length > 0) {
    lines.push('## Targets', '', '| target | figure | met |', '|---|---|---|')
    for (const check of options.targets) {
      lines.push(`| ${check.target} | ${check.figure} | ${check.met ? 'yes' : '**no**'} |`)
    }
    lines.push('')
  }
  if (options.notes?.length) {
    lines.push('## Notes', '', ...options.notes.map((note) => `- ${note}`), '')
  }
  lines.push('Figures (the JSON line):', '', '```json', JSON.stringify(options.figures), '```', '')
  const file = join(RESULTS_DIR, `${options.name}.md`)
  writeFileSync(file, lines.join('\n'))
  appendFileSync(
    join(RESULTS_DIR, `${options.name}.jsonl.tmp`),
    JSON.stringify(options.figures) + '\n'
  )
  return file
}

/** Reads `--name=value` options from the command line. */
export function cliOptions(argv: string[] = process.argv.slice(2)): Map<string, string> {
  const options = new Map<string, string>()
  for (const argument of argv) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(argument)
    if (match) {
      options.set(match[1], match[2] ?? 'true')
    }
  }
  return options
}

/** A numeric command-line option, or its default. */
export function numberOption(options: Map<string, string>, name: string, fallback: number): number {
  const value = options.get(name)
  if (value === undefined) {
    return fallback
  }
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new Error(`Expected --${name} to be a positive number, but it was '${value}'`)
  }
  return parsed
}
