import { Engine } from 'bpmn-engine'
import * as elements from 'bpmn-elements'
import BpmnModdle from 'bpmn-moddle'
import serializer, { TypeResolver } from 'moddle-context-serializer'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './databases.js'
import { THREE_TASKS_PLAIN } from './three_tasks.js'
import { now, summarize, type LatencySummary } from './figures.js'

/** What the `bpmn-engine` baseline measured. */
export interface BaselineFigures {
  version: string
  instances: number
  piPerSecond: number
  latency: LatencySummary
}

/**
 * Runs the three-task process on the `bpmn-engine` npm package, in memory and without
 * persistence, as fast as it goes: the model is parsed and serialized once (a `sourceContext`
 * shared by every instance, as its docs recommend for repeated runs), each instance is an
 * `Engine` executing it, and the three services answer at once (the callback is called
 * synchronously), its logger is silent. `inFlight` instances run at the same time, as with Senflow.
 */
export async function runBpmnEngineBaseline(options: {
  warmup: number
  durationMs: number
  maxInstances: number
  inFlight: number
}): Promise<BaselineFigures> {
  const moddleContext = await new BpmnModdle().fromXML(THREE_TASKS_PLAIN)
  const sourceContext = serializer(moddleContext as never, TypeResolver(elements))
  const answerAtOnce = (_context: unknown, callback: (error: Error | null) => void) =>
    callback(null)
  const services = { check: answerAtOnce, register: answerAtOnce, notify: answerAtOnce }
  // its default logger creates a `debug` logger per element and engine (checking the terminal
  // each time) even when debugging is off: a silent one is its best case in production
  const silent = () => undefined
  const Logger = () => ({ debug: silent, error: silent, warn: silent })

  const runOne = async (index: number): Promise<number> => {
    const started = now()
    const engine = new Engine({ name: `bench-${index}`, sourceContext, services, Logger })
    const ended = engine.waitFor('end')
    await engine.execute()
    await ended
    return now() - started
  }

  const drive = async (count: number, durationMs: number) => {
    const latencies: number[] = []
    let started = 0
    const startedAt = now()
    const lane = async () => {
      while (started < count && now() - startedAt < durationMs) {
        latencies.push(await runOne(started++))
      }
    }
    await Promise.all(Array.from({ length: options.inFlight }, lane))
    return { latencies, elapsed: now() - startedAt }
  }

  await drive(options.warmup, Number.POSITIVE_INFINITY)
  const { latencies, elapsed } = await drive(options.maxInstances, options.durationMs)
  const version = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules/bpmn-engine/package.json'), 'utf8')) as {
      version: string
    }
  ).version
  return {
    version,
    instances: latencies.length,
    piPerSecond: latencies.length / (elapsed / 1000),
    latency: summarize(latencies),
  }
}
