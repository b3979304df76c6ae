import app from '@adonisjs/core/services/app'
import { ControllableClock, SystemClock, type Clock } from '@senflow/engine'

/** Moves the engine's clock: what `PUT /v2/clock` and `POST /v2/clock/reset` do. */
export interface EngineClockControl {
  /** Freezes the engine's time at `timestamp` (epoch ms). */
  pin(timestamp: number): Promise<void>
  /** Puts the engine's time back on the machine's. */
  reset(): Promise<void>
}

/** An engine whose clock is moved by commands (ZeebeEngine: through Camunda's REST API). */
interface RemoteClockEngine {
  pinClock(timestamp: number): Promise<void>
  resetClock(): Promise<void>
}

/**
 * The engine's clock as the app reads it: the embedded engine's, or on Zeebe the cluster's as
 * the adapter knows it (pinned through Camunda's REST API). Dossier dates, commitment reminders
 * and deadline notices follow it, so pinning the engine's clock moves them with it.
 */
export async function engineClock(): Promise<Clock> {
  const engine = await app.container.make('senflow.engine')
  return (engine as { clock?: Clock }).clock ?? new SystemClock()
}

/**
 * How to move the engine's clock, or null when it cannot be moved (an embedded engine on the
 * machine's clock). On Zeebe, moving it needs Camunda's REST API (the adapter says so).
 */
export async function engineClockControl(): Promise<EngineClockControl | null> {
  const engine = await app.container.make('senflow.engine')
  if (typeof (engine as Partial<RemoteClockEngine>).pinClock === 'function') {
    const remote = engine as unknown as RemoteClockEngine
    return { pin: (timestamp) => remote.pinClock(timestamp), reset: () => remote.resetClock() }
  }
  const clock = (engine as { clock?: Clock }).clock
  if (!(clock instanceof ControllableClock)) return null
  return {
    pin: async (timestamp) => clock.pin(timestamp),
    reset: async () => clock.reset(),
  }
}
