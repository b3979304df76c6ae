import WebSocket from 'ws'

/** The main thread's V8 heap after a full collection, in MiB. */
export interface HeapUsage {
  usedMiB: number
  totalMiB: number
}

/**
 * Reads the live V8 heap of a Node process started with `--inspect=127.0.0.1:<port>`: forces a
 * full garbage collection through the inspector protocol, then asks for the heap usage. Only
 * the main thread (the app); worker threads (the TypeScript loader) are not included.
 */
export async function liveHeapOf(inspectorPort: number): Promise<HeapUsage> {
  const targets = (await (
    await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)
  ).json()) as Array<{
    webSocketDebuggerUrl: string
  }>
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl)
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  let id = 0
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const callId = ++id
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, number> }
        if (message.id === callId) {
          socket.off('message', onMessage)
          resolve(message.result ?? {})
        }
      }
      socket.on('message', onMessage)
      socket.send(JSON.stringify({ id: callId, method }))
    })
  try {
    await call('HeapProfiler.collectGarbage')
    const usage = await call('Runtime.getHeapUsage')
    return {
      usedMiB: Math.round((usage.usedSize / 1024 / 1024) * 10) / 10,
      totalMiB: Math.round((usage.totalSize / 1024 / 1024) * 10) / 10,
    }
  } finally {
    socket.close()
  }
}
