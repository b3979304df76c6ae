/**
 * Small statistics and formatting shared by the benchmarks: percentiles of latency samples,
 * rounding, and the one JSON line of figures each benchmark prints.
 */

/** Latency percentiles in milliseconds (nearest-rank), with the sample count. */
export interface LatencySummary {
  count: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  meanMs: number
}

/** The nearest-rank percentile `p` (0–100) of samples already sorted ascending. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) {
    return Number.NaN
  }
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/** Summarises latency samples (milliseconds, any order). */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort()
  let total = 0
  for (const value of sorted) {
    total += value
  }
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1] : Number.NaN),
    meanMs: round(sorted.length ? total / sorted.length : Number.NaN),
  }
}

/** Rounds to `digits` decimals (figures are printed, not computed on). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** Prints a benchmark's figures as one JSON line on stdout (what `npm run bench` collects). */
export function printFigures(figures: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(figures) + '\n')
}

/** Progress for the person running the benchmark, on stderr (stdout carries only figures). */
export function progress(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

/** High-resolution now, in milliseconds. */
export function now(): number {
  return performance.now()
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
