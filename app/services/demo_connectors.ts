import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import {
  DEFAULT_SIMULATOR_CREDENTIALS,
  startPortalSimulator,
  type PortalSimulator,
} from '@senflow/connectors'
import SecretStore from '#services/secret_store'
import ConnectorConfigurationService from '#services/connector_configuration_service'

/**
 * The code of the demo's portal connector (job type `senflow:connector:national-portal`).
 */
export const DEMO_PORTAL_CODE = 'national-portal'

/**
 * Where the development server's portal simulator listens:
 * `PORTAL_SIMULATOR_PORT`, 3399 by default.
 */
export function demoPortalPort() {
  const port = Number(process.env.PORTAL_SIMULATOR_PORT || 3399)
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 3399
}

/**
 * The simulator's credentials (`PORTAL_SIMULATOR_USERNAME` and
 * `PORTAL_SIMULATOR_PASSWORD`, `portal-demo`/`portal-demo-password` by default), which the
 * demo stores as the connector's encrypted secrets.
 */
function demoPortalCredentials() {
  return {
    username: process.env.PORTAL_SIMULATOR_USERNAME || DEFAULT_SIMULATOR_CREDENTIALS.username,
    password: process.env.PORTAL_SIMULATOR_PASSWORD || DEFAULT_SIMULATOR_CREDENTIALS.password,
  }
}

/**
 * Adds the demo's connector to an empty install: the National Public
 * Service Portal, pointing at the simulator the development server starts
 * on 127.0.0.1 (allow-listed), with its credentials stored as encrypted
 * secrets and the consular procedures and statuses mapped. Leaves an
 * existing configuration alone. Returns how many connectors it created.
 */
export async function loadDemoConnectors(): Promise<{ connectorsCreated: number }> {
  const existing = await db.from('connector_configurations').where('code', DEMO_PORTAL_CODE).first()
  if (existing) return { connectorsCreated: 0 }
  const actor = { id: null, email: 'system:demo-data' }
  const secrets = await app.container.make(SecretStore)
  const credentials = demoPortalCredentials()
  for (const [name, value] of [
    ['PORTAL_USERNAME', credentials.username],
    ['PORTAL_PASSWORD', credentials.password],
  ] as const) {
    if (!(await db.from('connector_secrets').where('name', name).first())) {
      await secrets.create(
        { name, value, description: 'Demo: the portal simulator’s account' },
        actor
      )
    }
  }
  const port = demoPortalPort()
  const configurations = await app.container.make(ConnectorConfigurationService)
  await configurations.create(
    {
      code: DEMO_PORTAL_CODE,
      name: 'Cổng Dịch vụ công quốc gia',
      kind: 'portal',
      description:
        'Demo: dossier synchronisation with the National Public Service Portal (its simulator on 127.0.0.1)',
      configuration: {
        adapterUrl: `http://127.0.0.1:${port}`,
        dstcode: 'G22.BNG',
        madonvi: 'G22.BNG.LS',
        username: '{{secrets.PORTAL_USERNAME}}',
        password: '{{secrets.PORTAL_PASSWORD}}',
        allowedHosts: [`127.0.0.1:${port}`],
        procedureCodes: {
          'consular-legalization': '1.900001',
          'consular-certification': '1.900002',
          'diplomatic-passport': '1.900003',
        },
        statusCodes: {
          registered: 1,
          received: 2,
          rejected: 3,
          processing: 4,
          supplement: 5,
          withdrawn: 7,
          stopped: 8,
          done: 9,
          returned: 10,
        },
        retryBackoff: 'PT30S',
      },
    },
    actor
  )
  return { connectorsCreated: 1 }
}

/**
 * Starts the portal simulator of a development server on 127.0.0.1 and
 * the demo's port; logs a warning and goes on without it when the port is
 * taken (another server already runs one).
 */
export async function startDemoPortalSimulator(): Promise<PortalSimulator | null> {
  const port = demoPortalPort()
  try {
    const simulator = await startPortalSimulator({
      port,
      host: '127.0.0.1',
      ...demoPortalCredentials(),
    })
    logger.info({ url: simulator.url }, 'the National Public Service Portal simulator listens')
    return simulator
  } catch (error) {
    logger.warn(
      { port, err: (error as Error).message },
      'the portal simulator could not start (is the port taken?); the demo portal connector will fail until one runs'
    )
    return null
  }
}
