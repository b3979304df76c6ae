import { ApiClient } from './server.js'
import { now, summarize, type LatencySummary } from './figures.js'
import type { SeededStaff } from './inbox_seed.js'

/** The inbox requests a staff member's browser makes, by name. */
export const INBOX_REQUESTS = {
  /** The "my units" queue: a page of 25 with the queue counts (what the inbox page loads). */
  unitsPage: '/api/tasks?queue=units',
  /** The counts beside the queues. */
  counts: '/api/tasks/counts',
  /** Everything the staff member may see, first page. */
  allPage: '/api/tasks',
  /** Assigned to the staff member. */
  minePage: '/api/tasks?queue=mine',
  /** The signed-in user alone: token check and framework, no inbox query (the floor). */
  me: '/api/auth/me',
} as const

/** A request name of `INBOX_REQUESTS`. */
export type InboxRequest = keyof typeof INBOX_REQUESTS

/**
 * Measures the inbox over HTTP: `rounds` rounds, each sending every request once (one at a
 * time, so the figure is the latency one staff member sees), each round as the next staff
 * member (tokens of different units). Warm-up rounds first. Checks the answers are pages
 * with items, so an error cannot pass for a fast answer.
 */
export async function measureInbox(
  baseUrl: string,
  staff: SeededStaff[],
  options: { rounds: number; warmup: number }
): Promise<{ latency: Record<InboxRequest, LatencySummary>; itemsSeen: number }> {
  const clients = staff.map((member) => new ApiClient(baseUrl, member.token))
  const samples = Object.fromEntries(
    Object.keys(INBOX_REQUESTS).map((name) => [name, [] as number[]])
  ) as Record<InboxRequest, number[]>
  let itemsSeen = 0
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    const client = clients[round % clients.length]
    for (const [name, path] of Object.entries(INBOX_REQUESTS) as Array<[InboxRequest, string]>) {
      const started = now()
      const body = await client.get<{ items?: unknown[]; units?: number }>(path)
      const elapsed = now() - started
      const expected =
        name === 'counts'
          ? typeof body.units === 'number'
          : name === 'me' || Array.isArray(body.items)
      if (!expected) {
        throw new Error(
          `Expected ${path} to answer a page or counts, but got ${JSON.stringify(body).slice(0, 200)}`
        )
      }
      itemsSeen += body.items?.length ?? 0
      if (round >= options.warmup) {
        samples[name].push(elapsed)
      }
    }
  }
  const latency = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, summarize(values)])
  ) as Record<InboxRequest, LatencySummary>
  return { latency, itemsSeen }
}
