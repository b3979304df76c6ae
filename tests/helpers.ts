import createCamundaClient from '@camunda8/orchestration-cluster-api'
import User from '#models/user'

/**
 * A demo user by the local part of their email (`admin`, `staff`, …),
 * with roles and units loaded.
 */
export async function demoUser(name: string) {
  return User.query()
    .where('email', `${name}@demo.senflow.local`)
    .preload('roleRows')
    .preload('units')
    .firstOrFail()
}

/**
 * The URL of the HTTP server the functional suite starts.
 */
export function baseUrl() {
  return `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3334}`
}

/**
 * Camunda's own client (`@camunda8/orchestration-cluster-api`) against the
 * functional suite's server, as the admin demo user with HTTP Basic.
 */
export function camundaClient() {
  return createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: baseUrl(),
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'admin@demo.senflow.local',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'senflow-demo',
      CAMUNDA_SDK_LOG_LEVEL: 'error',
    } as any,
  })
}
