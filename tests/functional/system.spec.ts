import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { operations } from '#services/openapi_document'

test.group('System', () => {
  test('it should report health with the database', async ({ client }) => {
    const response = await client.get('/health')
    response.assertStatus(200)
    response.assertBodyContains({ status: 'ok', checks: { database: { status: 'ok' } } })
  })

  test('it should answer the topology in the Camunda 8 REST shape', async ({ client, assert }) => {
    const response = await client.get('/v2/topology')
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.clusterSize, 1)
    assert.equal(body.brokers[0].partitions[0].role, 'leader')
    assert.isString(body.gatewayVersion)
  })

  test('it should describe exactly the routes the server has in the OpenAPI document', async ({
    client,
    assert,
  }) => {
    // given the routes of the router, in OpenAPI form
    const routes = new Set<string>()
    for (const domainRoutes of Object.values(router.toJSON())) {
      for (const route of domainRoutes) {
        if (route.pattern.startsWith('/__')) continue
        for (const method of route.methods) {
          if (method === 'HEAD') continue
          routes.add(`${method.toLowerCase()} ${route.pattern.replace(/:(\w+)\??/g, '{$1}')}`)
        }
      }
    }

    // when
    const response = await client.get('/api/openapi.json')
    response.assertStatus(200)
    const documented = new Set<string>()
    for (const [path, methods] of Object.entries(response.body().paths as Record<string, object>)) {
      for (const method of Object.keys(methods)) documented.add(`${method} ${path}`)
    }

    // then
    assert.deepEqual(
      [...routes].filter((route) => !documented.has(route)),
      [],
      `routes missing from the document: ${[...routes].filter((route) => !documented.has(route)).join(', ')}`
    )
    assert.deepEqual(
      [...documented].filter((route) => !routes.has(route)),
      [],
      'documented routes that do not exist'
    )
    assert.isTrue(operations.every((operation) => operation.access.length > 0))
  })

  test('it should answer an unknown route with a JSON 404', async ({ client }) => {
    const response = await client.get('/api/nothing-here')
    response.assertStatus(404)
    response.assertBodyContains({ errors: [{ code: 'E_ROUTE_NOT_FOUND' }] })
  })
})
