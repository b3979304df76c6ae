import { createWriteStream } from 'node:fs'
import WebSocket from 'ws'

/**
 * A connection to the inspector of the main thread of a Node process started with
 * `--inspect=127.0.0.1:<port>` (messages up to 1 GiB: heap snapshots come in large chunks).
 */
async function openInspector(inspectorPort: number): Promise<WebSocket> {
  const answer = await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)
  const targets = (await answer.json()) as Array<{ webSocketDebuggerUrl: string }>
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl, { maxPayload: 1024 ** 3 })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return socket
}

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
  const socket = await openInspector(inspectorPort)
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

/** Self size of the heap's objects of one kind (constructor or type) in a heap snapshot. */
export interface HeapKind {
  kind: string
  count: number
  selfMiB: number
}

/**
 * Takes a heap snapshot of the main thread of a Node process started with
 * `--inspect=127.0.0.1:<port>` (after a full collection: V8 collects before snapshotting),
 * writes it to `file` (open it in Chrome's DevTools for retainers) and returns the `top` kinds
 * of objects by self size: where the live heap goes.
 */
export async function heapSnapshotOf(
  inspectorPort: number,
  file: string,
  top = 15
): Promise<HeapKind[]> {
  const socket = await openInspector(inspectorPort)
  const out = createWriteStream(file)
  const chunks: string[] = []
  try {
    await new Promise<void>((resolve) => {
      socket.on('message', (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as {
          id?: number
          method?: string
          params?: { chunk: string }
        }
        if (message.method === 'HeapProfiler.addHeapSnapshotChunk') {
          chunks.push(message.params!.chunk)
          out.write(message.params!.chunk)
        } else if (message.id === 1) {
          resolve()
        }
      })
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.takeHeapSnapshot' }))
    })
  } finally {
    socket.close()
    await new Promise((resolve) => out.end(resolve))
  }
  return heapKinds(JSON.parse(chunks.join('')), top)
}

/** The kinds of objects of a parsed heap snapshot by self size, largest first. */
function heapKinds(
  snapshot: {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }
    nodes: number[]
    strings: string[]
  },
  top: number
): HeapKind[] {
  const fields = snapshot.snapshot.meta.node_fields
  const types = snapshot.snapshot.meta.node_types[0]
  const width = fields.length
  const typeAt = fields.indexOf('type')
  const nameAt = fields.indexOf('name')
  const sizeAt = fields.indexOf('self_size')
  const kinds = new Map<string, { count: number; bytes: number }>()
  for (let index = 0; index < snapshot.nodes.length; index += width) {
    const type = types[snapshot.nodes[index + typeAt]]
    const name = snapshot.strings[snapshot.nodes[index + nameAt]]
    // objects by constructor, everything else (strings, code, arrays…) by type
    const kind = type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`
    const entry = kinds.get(kind) ?? { count: 0, bytes: 0 }
    entry.count++
    entry.bytes += snapshot.nodes[index + sizeAt]
    kinds.set(kind, entry)
  }
  return [...kinds.entries()]
    .map(([kind, { count, bytes }]) => ({
      kind,
      count,
      selfMiB: Math.round((bytes / 1024 / 1024) * 10) / 10,
    }))
    .sort((a, b) => b.selfMiB - a.selfMiB)
    .slice(0, top)
}
