import { cpus, loadavg, totalmem, release, platform } from 'node:os'
import { readFileSync } from 'node:fs'

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
