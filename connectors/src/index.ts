/**
 * @senflow/connectors — the connector runtime and the connectors (HTTP/REST,
 * SQL, mail, the National Public Service Portal) that Senflow's engines call
 * through jobs, plus a simulator of the portal. See README.md for how the
 * app wires it to a job worker.
 */
export type {
  AttachmentProvider,
  Connector,
  ConnectorConfiguration,
  ConnectorConfigurationBase,
  ConnectorContext,
  ConnectorField,
  ConnectorJob,
  ConnectorKind,
  ConnectorLogger,
  HttpAuthentication,
  HttpConnectorConfiguration,
  HttpOperation,
  JobClient,
  JobCompleted,
  JobCompletion,
  JobErrorThrown,
  JobFailed,
  MailAttachment,
  MailConnectorConfiguration,
  MailOperation,
  PortalConnectorConfiguration,
  PortalServiceName,
  SecretProvider,
  SessionLoginAuthentication,
  SqlConnectorConfiguration,
  SqlOperation,
} from './types.js'
export * from './errors.js'

export {
  ConnectorRuntime,
  DEFAULT_JOB_TIMEOUT_MS,
  MAX_ERROR_MESSAGE_LENGTH,
  silentLogger,
} from './runtime/connector_runtime.js'
export type { ConnectorRuntimeOptions } from './runtime/connector_runtime.js'
export { ConnectorRegistry, createConnector } from './runtime/connector_registry.js'
export { CONFIGURED_JOB_TYPE_PREFIX, jobTypeFor } from './runtime/connector_configuration.js'

export {
  ChainedSecretProvider,
  EnvironmentSecretProvider,
  SECRET_ENVIRONMENT_PREFIX,
} from './secrets/environment_secret_provider.js'
export { SecretRedactor, REDACTED } from './secrets/secret_redactor.js'
export { SECRET_PLACEHOLDER, containsSecretPlaceholder } from './secrets/secret_resolver.js'

export { connectorFeelFunctions, evaluateFeel } from './feel/feel_expression.js'

export { CAMUNDA_HTTP_JSON_JOB_TYPE, HttpJsonConnector } from './http/http_json_connector.js'
export { HttpConnector, validateHttpConfiguration } from './http/http_connector.js'
export type { HttpConnectorResponse } from './http/http_request.js'
export {
  ALLOWED_HOSTS_ENVIRONMENT_VARIABLE,
  OutboundGuard,
  classifyAddress,
} from './http/outbound_guard.js'
export type { HostResolver } from './http/outbound_guard.js'

export { SqlConnector, DEFAULT_MAX_ROWS } from './sql/sql_connector.js'
export type { SqlConnectorResponse } from './sql/sql_connector.js'

export { MailConnector, validateMailConfiguration } from './mail/mail_connector.js'
export type { MailConnectorResponse } from './mail/mail_connector.js'

export {
  PortalConnector,
  PORTAL_SERVICE_FIELDS,
  validatePortalConfiguration,
} from './portal/portal_connector.js'
export type { PortalConnectorResponse, PortalDossierView } from './portal/portal_connector.js'
export { PORTAL_DOSSIER_STATUSES, portalStatus } from './portal/portal_status.js'
export type { PortalDossierStatus } from './portal/portal_status.js'
export { PORTAL_TIME_ZONE, fromPortalDate, toPortalDate } from './portal/portal_date.js'
export { PORTAL_ERROR_CODES, PORTAL_SERVICES } from './portal/portal_protocol.js'
export {
  DEFAULT_SIMULATOR_CREDENTIALS,
  SAMPLE_PROCEDURES,
  main as portalSimulatorMain,
  startPortalSimulator,
} from './portal/portal_simulator.js'
export type {
  PortalSimulator,
  PortalSimulatorOptions,
  ReceivedPortalCall,
} from './portal/portal_simulator.js'

export {
  ELEMENT_TEMPLATE_SCHEMA,
  elementTemplateFor,
  elementTemplatesFor,
} from './template/element_template.js'
export type { ElementTemplate, ElementTemplateProperty } from './template/element_template.js'
