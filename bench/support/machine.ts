import { cpus, loadavg, totalmem, release, platform } from 'node:os'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/**
 * What a figure was measured on: the machine and how busy it was. Every report carries it,
 * because the figures of a shared 2-core machine mean little without its load average.
 */
export interface MachineInfo {
  cpu: string
  cores: number
  memoryGiB: number
  os: string
  node: string
  date: string
}

/** The machine the benchmark runs on. */
export function machineInfo(): MachineInfo {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  }
}

/** The 1, 5 and 15 minute load averages, rounded. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = loadavg()
  return [round2(one), round2(five), round2(fifteen)]
}

/** Resident memory of a process in MiB, read from /proc (Linux). */
export function residentMiB(pid: number = process.pid): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status)
  return match ? round2(Number(match[1]) / 1024) : Number.NaN
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // fields after the command name (which may hold spaces) start after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / 100
}

/** The process id of a running program by its name (`/proc/<pid>/comm`), or null. */
export function pidOf(name: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue
    }
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) {
        return Number(entry)
      }
    } catch {
      // gone meanwhile
    }
  }
  return null
}

/** A TCP port free on loopback right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
