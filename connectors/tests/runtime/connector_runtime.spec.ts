import { test } from '@japa/runner'
import { ConnectorError, ConnectorInputError } from '../../src/errors.js'
import { ConnectorRegistry } from '../../src/runtime/connector_registry.js'
import { ConnectorRuntime } from '../../src/runtime/connector_runtime.js'
import type { Connector, ConnectorContext } from '../../src/types.js'
import { jobOf, recordingJobClient, recordingLogger } from '../helpers/jobs.js'

/**
 * A connector whose behaviour the job chooses (`inputs.outcome`): answer a
 * response, throw a retryable or an input error, or wait for the abort
 * signal. It exercises the runtime's decisions without a network.
 */
class ScriptedConnector implements Connector {
  readonly name = 'Scripted connector'
  readonly resolvesSecretsInInputs = true
  aborted = false

  constructor(readonly timeoutMs?: number) {}

  async execute(context: ConnectorContext): Promise<unknown> {
    const { outcome, response } = context.inputs as { outcome: string; response?: unknown }
    if (outcome === 'throw') throw new ConnectorError('Upstream said no', { code: 'UPSTREAM' })
    if (outcome === 'invalid')
      throw new ConnectorInputError('Expected a dossier number, but it is missing')
    if (outcome === 'crash') throw new TypeError('Cannot read properties of undefined')
    if (outcome === 'hang') {
      await new Promise<void>((resolve) =>
        context.signal.addEventListener('abort', () => resolve())
      )
      this.aborted = true
      return null
    }
    return response
  }
}

function runtimeWith(
  connector: Connector,
  options: { logger?: ReturnType<typeof recordingLogger> } = {}
) {
  const registry = new ConnectorRegistry({ camundaHttpJson: false })
  registry.register('scripted', connector)
  return new ConnectorRuntime({
    registry,
    environment: { SENFLOW_SECRET_TOKEN: 'env-token-9' },
    logger: options.logger,
  })
}

test.group('ConnectorRuntime', () => {
  test('it should complete with the result variable and the result expression merged', async ({
    assert,
  }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const completion = await runtime.execute(
      jobOf(
        'scripted',
        { outcome: 'ok', response: { body: { id: 7, items: [1, 2] } } },
        { resultVariable: 'answer', resultExpression: '= { count: count(body.items) }' }
      )
    )
    assert.deepEqual(completion, {
      kind: 'complete',
      variables: { answer: { body: { id: 7, items: [1, 2] } }, count: 2 },
    })
  })

  test('it should complete with no variables when neither mapping is set', async ({ assert }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    assert.deepEqual(
      await runtime.execute(jobOf('scripted', { outcome: 'ok', response: { a: 1 } })),
      { kind: 'complete', variables: {} }
    )
  })

  test('it should prefer task headers over inputs for the reserved settings', async ({
    assert,
  }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const completion = await runtime.execute(
      jobOf(
        'scripted',
        { outcome: 'ok', response: 1, resultVariable: 'fromInput' },
        { resultVariable: 'fromHeader' }
      )
    )
    assert.deepEqual(completion, { kind: 'complete', variables: { fromHeader: 1 } })
  })

  test('it should spend one retry on a retryable failure, with the back-off, and none on an input error', async ({
    assert,
  }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const retryable = await runtime.execute(
      jobOf('scripted', { outcome: 'throw' }, { retryBackoff: 'PT5S' }, 3)
    )
    const invalid = await runtime.execute(
      jobOf('scripted', { outcome: 'invalid' }, { retryBackoff: 'PT5S' }, 3)
    )
    const lastRetry = await runtime.execute(jobOf('scripted', { outcome: 'throw' }, {}, 0))
    assert.deepEqual(retryable, {
      kind: 'fail',
      retries: 2,
      retryBackOffMs: 5000,
      errorMessage: 'Scripted connector: Upstream said no (retries left: 2)',
    })
    assert.deepEqual(invalid, {
      kind: 'fail',
      retries: 0,
      retryBackOffMs: 0,
      errorMessage: 'Scripted connector: Expected a dossier number, but it is missing',
    })
    assert.equal((lastRetry as { retries: number }).retries, 0)
  })

  test('it should treat an unexpected exception as a retryable failure with its message', async ({
    assert,
  }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const completion = await runtime.execute(jobOf('scripted', { outcome: 'crash' }))
    assert.deepEqual(completion, {
      kind: 'fail',
      retries: 2,
      retryBackOffMs: 0,
      errorMessage: 'Scripted connector: Cannot read properties of undefined (retries left: 2)',
    })
  })

  test('it should abort a connector that exceeds its time limit', async ({ assert }) => {
    const connector = new ScriptedConnector(100)
    const runtime = runtimeWith(connector)
    const completion = await runtime.execute(jobOf('scripted', { outcome: 'hang' }))
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(completion, {
      kind: 'fail',
      retries: 2,
      retryBackOffMs: 0,
      errorMessage: 'Scripted connector: Timed out after 100 ms (retries left: 2)',
    })
    assert.isTrue(connector.aborted)
  })

  test('it should fail without retries for a job type nobody handles', async ({ assert }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const completion = await runtime.execute(jobOf('unknown:type', {}))
    assert.deepEqual(completion, {
      kind: 'fail',
      retries: 0,
      retryBackOffMs: 0,
      errorMessage:
        'unknown:type: Expected a connector for job type unknown:type, but none is registered',
    })
  })

  test('it should map a failure through errorExpression, with error.code and job.retries', async ({
    assert,
  }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const bpmn = await runtime.execute(
      jobOf(
        'scripted',
        { outcome: 'throw' },
        {
          errorExpression:
            'if error.code = "UPSTREAM" and job.retries = 3 then bpmnError("UPSTREAM_DOWN", error.message) else null',
        }
      )
    )
    const ignored = await runtime.execute(
      jobOf(
        'scripted',
        { outcome: 'throw' },
        { errorExpression: 'if error.code = "OTHER" then bpmnError("X", "y") else null' }
      )
    )
    assert.deepEqual(bpmn, {
      kind: 'throwError',
      errorCode: 'UPSTREAM_DOWN',
      errorMessage: 'Upstream said no',
      variables: {},
    })
    assert.equal(ignored.kind, 'fail')
  })

  test('it should refuse error expressions that yield something else, without retries', async ({
    assert,
  }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const text = await runtime.execute(
      jobOf('scripted', { outcome: 'ok', response: 1 }, { errorExpression: '"oops"' })
    )
    const noCode = await runtime.execute(
      jobOf(
        'scripted',
        { outcome: 'ok', response: 1 },
        { errorExpression: '{ message: "no code" }' }
      )
    )
    const notContext = await runtime.execute(
      jobOf('scripted', { outcome: 'ok', response: 1 }, { resultExpression: '= [1, 2]' })
    )
    assert.include(
      (text as { errorMessage: string }).errorMessage,
      'Expected errorExpression to yield bpmnError(...), jobError(...) or null, but it yielded a string'
    )
    assert.include((noCode as { errorMessage: string }).errorMessage, 'non-empty code')
    assert.include(
      (notContext as { errorMessage: string }).errorMessage,
      'Expected resultExpression to yield a context'
    )
    for (const completion of [text, noCode, notContext])
      assert.equal((completion as { retries: number }).retries, 0)
  })

  test('it should resolve secrets from the environment at execution time', async ({ assert }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const completion = await runtime.execute(
      jobOf(
        'scripted',
        { outcome: 'ok', response: 'Bearer {{secrets.TOKEN}}' },
        { resultVariable: 'header' }
      )
    )
    assert.deepEqual(completion, { kind: 'complete', variables: { header: 'Bearer ***' } })
  })

  test('it should fail without retries when a secret is unknown', async ({ assert }) => {
    const runtime = runtimeWith(new ScriptedConnector())
    const completion = await runtime.execute(
      jobOf('scripted', { outcome: 'ok', response: '{{secrets.NOPE}}' })
    )
    assert.deepEqual(completion, {
      kind: 'fail',
      retries: 0,
      retryBackOffMs: 0,
      errorMessage:
        'Scripted connector: Expected secret NOPE to be defined, but no secret provider knows it',
    })
  })

  test('it should report each outcome once through the job client and log it', async ({
    assert,
  }) => {
    // given
    const logger = recordingLogger()
    const runtime = runtimeWith(new ScriptedConnector(), { logger })
    const client = recordingJobClient()

    // when
    const complete = jobOf('scripted', { outcome: 'ok', response: 1 }, { resultVariable: 'r' })
    const fail = jobOf('scripted', { outcome: 'throw' })
    const error = jobOf(
      'scripted',
      { outcome: 'ok', response: 1 },
      { errorExpression: 'bpmnError("E1", "m", { x: 1 })' }
    )
    for (const job of [complete, fail, error]) await runtime.handle(job, client)

    // then
    assert.deepEqual(client.reports, [
      { method: 'complete', jobKey: complete.key, payload: { r: 1 } },
      {
        method: 'fail',
        jobKey: fail.key,
        payload: {
          retries: 2,
          errorMessage: 'Scripted connector: Upstream said no (retries left: 2)',
          retryBackOffMs: 0,
        },
      },
      {
        method: 'throwError',
        jobKey: error.key,
        payload: { errorCode: 'E1', errorMessage: 'm', variables: { x: 1 } },
      },
    ])
    assert.lengthOf(logger.lines, 3)
    assert.match(
      logger.lines[1],
      /^warn Connector job failed: Scripted connector: Upstream said no/
    )
  })
})
