import { test } from '@japa/runner'
import { SecretNotFoundError } from '../../src/errors.js'
import {
  ChainedSecretProvider,
  EnvironmentSecretProvider,
} from '../../src/secrets/environment_secret_provider.js'
import { SecretRedactor } from '../../src/secrets/secret_redactor.js'
import { SecretResolver, containsSecretPlaceholder } from '../../src/secrets/secret_resolver.js'
import type { SecretProvider } from '../../src/types.js'

/** The app's store, as a map. */
function storeOf(secrets: Record<string, string>): SecretProvider {
  return { get: async (name) => secrets[name] }
}

test.group('SecretResolver', () => {
  test('it should replace placeholders anywhere in strings, objects and lists', async ({
    assert,
  }) => {
    // given
    const redactor = new SecretRedactor()
    const resolver = new SecretResolver(storeOf({ TOKEN: 't0k', HOST: 'api.example.vn' }), redactor)

    // when
    const resolved = await resolver.resolve({
      url: 'https://{{secrets.HOST}}/v1?key={{ secrets.TOKEN }}',
      headers: [{ authorization: 'Bearer {{secrets.TOKEN}}' }],
      retries: 3,
    })

    // then
    assert.deepEqual(resolved, {
      url: 'https://api.example.vn/v1?key=t0k',
      headers: [{ authorization: 'Bearer t0k' }],
      retries: 3,
    })
    assert.equal(redactor.redact('t0k api.example.vn'), '*** ***')
  })

  test('it should fail clearly when no provider knows a secret', async ({ assert }) => {
    // given
    const resolver = new SecretResolver(storeOf({}), new SecretRedactor())

    // when
    const error = await resolver.resolve('{{secrets.MISSING}}').catch((thrown: unknown) => thrown)

    // then
    assert.instanceOf(error, SecretNotFoundError)
    assert.include((error as Error).message, 'MISSING')
  })

  test('it should read SENFLOW_SECRET_<NAME> environment variables after the app store', async ({
    assert,
  }) => {
    // given
    const provider = new ChainedSecretProvider([
      storeOf({ SHARED: 'from-store' }),
      new EnvironmentSecretProvider({
        SENFLOW_SECRET_SHARED: 'from-env',
        SENFLOW_SECRET_ONLY_ENV: 'env-value',
        SENFLOW_SECRET_TREATY_DB_PASSWORD: 'normalised',
      }),
    ])

    // when / then
    assert.equal(await provider.get('SHARED'), 'from-store')
    assert.equal(await provider.get('ONLY_ENV'), 'env-value')
    assert.equal(await provider.get('treaty-db.password'), 'normalised')
    assert.isUndefined(await provider.get('NOWHERE'))
  })

  test('it should recognise placeholders with the Camunda syntax only', ({ assert }) => {
    assert.isTrue(containsSecretPlaceholder('a {{secrets.X}} b'))
    assert.isTrue(containsSecretPlaceholder('{{ secrets.my-key.v2 }}'))
    assert.isFalse(containsSecretPlaceholder('secrets.X'))
    assert.isFalse(containsSecretPlaceholder('{{variable}}'))
  })
})
