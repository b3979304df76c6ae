/**
 * The Zeebe side of Senflow: the `ZeebeEngine` adapter on zeebe-node and the Zeebe gRPC gateway
 * served by the embedded engine (issue 12).
 */
export {
  ZeebeEngine,
  NotAvailableOnZeebeError,
  camundaUserTasks,
  type ZeebeEngineOptions,
} from './zeebe_engine.js'
export {
  ZeebeGateway,
  isLoopback,
  DEFAULT_LONG_POLL_TIMEOUT,
  type Authenticate,
  type GatewayPrincipal,
  type ZeebeGatewayOptions,
} from './gateway/gateway.js'
export {
  MemoryResourceCatalog,
  SqlResourceCatalog,
  CATALOG_TABLE,
  type CatalogEntry,
  type ResourceCatalog,
} from './resource_catalog.js'
