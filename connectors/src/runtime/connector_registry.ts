import { ConnectorConfigurationError } from '../errors.js'
import { HttpConnector } from '../http/http_connector.js'
import { CAMUNDA_HTTP_JSON_JOB_TYPE, HttpJsonConnector } from '../http/http_json_connector.js'
import type { HostResolver } from '../http/outbound_guard.js'
import { MailConnector } from '../mail/mail_connector.js'
import { PortalConnector } from '../portal/portal_connector.js'
import { SqlConnector } from '../sql/sql_connector.js'
import type { Connector, ConnectorConfiguration } from '../types.js'
import { jobTypeFor } from './connector_configuration.js'

/** Options for connectors the registry builds. */
export interface ConnectorFactoryOptions {
  /** DNS resolver for outbound checks (tests simulate hostnames with it). */
  resolver?: HostResolver
}

/**
 * Builds the connector for a configuration, by kind.
 *
 * @throws ConnectorConfigurationError listing every problem of the configuration.
 */
export function createConnector(
  configuration: ConnectorConfiguration,
  options: ConnectorFactoryOptions = {}
): Connector {
  switch (configuration.kind) {
    case 'http':
      return new HttpConnector(configuration, options)
    case 'sql':
      return new SqlConnector(configuration)
    case 'mail':
      return new MailConnector(configuration)
    case 'portal':
      return new PortalConnector(configuration, options)
    default:
      throw new ConnectorConfigurationError(String((configuration as { id?: unknown }).id), [
        `Expected kind to be http, sql, mail or portal, but got ${JSON.stringify((configuration as { kind?: unknown }).kind)}`,
      ])
  }
}

/**
 * Maps job types to connectors: the built-in Camunda-compatible ones and one
 * per configured external system (`senflow:connector:<id>`). The app fills
 * it from its stored configurations at boot and calls `configure` again
 * when an administrator saves one; the replaced connector is closed (its
 * pool, its transport).
 */
export class ConnectorRegistry {
  readonly #connectors = new Map<string, Connector>()
  readonly #options: ConnectorFactoryOptions

  /**
   * @param options.camundaHttpJson registers Camunda's REST connector
   *   (`io.camunda:http-json:1`) so that Camunda models run unchanged (default true).
   */
  constructor(
    options: ConnectorFactoryOptions & { camundaHttpJson?: boolean; allowedHosts?: string[] } = {}
  ) {
    this.#options = { resolver: options.resolver }
    if (options.camundaHttpJson ?? true) {
      this.register(
        CAMUNDA_HTTP_JSON_JOB_TYPE,
        new HttpJsonConnector({ resolver: options.resolver, allowedHosts: options.allowedHosts })
      )
    }
  }

  /** Registers a connector for a job type, replacing (and closing) the previous one. */
  register(jobType: string, connector: Connector): void {
    const previous = this.#connectors.get(jobType)
    this.#connectors.set(jobType, connector)
    if (previous && previous !== connector) void previous.close?.()
  }

  /**
   * Builds and registers the connector of a configuration; returns its job type.
   *
   * @throws ConnectorConfigurationError listing every problem (nothing is registered then).
   */
  configure(configuration: ConnectorConfiguration): string {
    const connector = createConnector(configuration, this.#options)
    const jobType = jobTypeFor(configuration)
    this.register(jobType, connector)
    return jobType
  }

  /** Removes and closes the connector of a job type. */
  async remove(jobType: string): Promise<void> {
    const connector = this.#connectors.get(jobType)
    this.#connectors.delete(jobType)
    await connector?.close?.()
  }

  /** The connector for a job type. */
  resolve(jobType: string): Connector | undefined {
    return this.#connectors.get(jobType)
  }

  /** Every registered job type. */
  jobTypes(): string[] {
    return [...this.#connectors.keys()]
  }

  /** Closes every connector (pools, transports). */
  async close(): Promise<void> {
    const connectors = [...this.#connectors.values()]
    this.#connectors.clear()
    await Promise.all(connectors.map((connector) => connector.close?.()))
  }
}
