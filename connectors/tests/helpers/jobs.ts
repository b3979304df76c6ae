/**
 * Jobs and a job client for runtime tests: the client records what the
 * runtime reported, as the embedded engine or Zeebe would receive it.
 */
import type { ConnectorJob, ConnectorLogger, JobClient } from '../../src/types.js'

let nextKey = 1

/** A job as the engine would activate it (3 retries by default). */
export function jobOf(
  type: string,
  variables: Record<string, unknown>,
  customHeaders: Record<string, string> = {},
  retries = 3
): ConnectorJob {
  const key = String(nextKey++)
  return {
    key,
    type,
    processInstanceKey: `pi-${key}`,
    elementId: 'Task_1',
    retries,
    customHeaders,
    variables,
  }
}

/** What a recording job client received. */
export interface ReportedOutcome {
  method: 'complete' | 'fail' | 'throwError'
  jobKey: string
  payload: unknown
}

/** A JobClient that records every report. */
export function recordingJobClient(): JobClient & { reports: ReportedOutcome[] } {
  const reports: ReportedOutcome[] = []
  return {
    reports,
    async complete(jobKey, variables) {
      reports.push({ method: 'complete', jobKey, payload: variables })
    },
    async fail(jobKey, failure) {
      reports.push({ method: 'fail', jobKey, payload: failure })
    },
    async throwError(jobKey, error) {
      reports.push({ method: 'throwError', jobKey, payload: error })
    },
  }
}

/** A logger that keeps every line (message and fields serialised). */
export function recordingLogger(): ConnectorLogger & { lines: string[] } {
  const lines: string[] = []
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${fields === undefined ? '' : JSON.stringify(fields)}`)
  }
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
}
