import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js'
import { loadSync, type Options } from '@grpc/proto-loader'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The Zeebe gateway protocol as zeebe-node ships it (`zeebe-node/proto/zeebe.proto`, Camunda
 * 8.3), plus `extensions.proto` for the commands added after 8.3.
 */
const require = createRequire(import.meta.url)

/** Path of the `zeebe.proto` zeebe-node ships. */
export const ZEEBE_PROTO_PATH = join(
  dirname(require.resolve('zeebe-node/package.json')),
  'proto',
  'zeebe.proto'
)

/** Path of the commands Camunda added to the protocol after 8.3. */
export const EXTENSIONS_PROTO_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  'extensions.proto'
)

/**
 * How messages are decoded: field names as in the proto (camelCase there), 64-bit keys as
 * decimal strings (the port's keys), defaults filled in, enums by name, oneof names set.
 */
const LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
}

function loadService(path: string): ServiceDefinition {
  const loaded = loadPackageDefinition(loadSync(path, LOADER_OPTIONS)) as any
  return loaded.gateway_protocol.Gateway.service as ServiceDefinition
}

let cached: { gateway: ServiceDefinition; extensions: ServiceDefinition } | null = null

/** The service definitions of `gateway_protocol.Gateway` (8.3) and of the later commands. */
export function gatewayServices() {
  cached ??= {
    gateway: loadService(ZEEBE_PROTO_PATH),
    extensions: loadService(EXTENSIONS_PROTO_PATH),
  }
  return cached
}
