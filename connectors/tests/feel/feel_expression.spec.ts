import { test } from '@japa/runner'
import { FeelExpressionError } from '../../src/errors.js'
import {
  durationToMilliseconds,
  evaluateFeel,
  toPlainValue,
} from '../../src/feel/feel_expression.js'
import { renderJsonTemplate, renderText } from '../../src/feel/text_template.js'

test.group('evaluateFeel', () => {
  test('it should evaluate with or without the leading = and return plain JSON', ({ assert }) => {
    assert.deepEqual(
      evaluateFeel(
        '= { id: response.body.id, at: date("2025-03-01") }',
        { response: { body: { id: 7 } } },
        'x'
      ),
      {
        id: 7,
        at: '2025-03-01',
      }
    )
    assert.equal(evaluateFeel('1 + 2', {}, 'x'), 3)
    assert.isNull(evaluateFeel('unknownVariable', {}, 'x'))
  })

  test("it should offer Camunda's bpmnError and jobError helpers with their defaults", ({
    assert,
  }) => {
    assert.deepEqual(evaluateFeel('bpmnError("NOT_FOUND", "Không tìm thấy")', {}, 'x'), {
      errorType: 'bpmnError',
      code: 'NOT_FOUND',
      message: 'Không tìm thấy',
      variables: {},
    })
    assert.deepEqual(evaluateFeel('jobError("later", {a: 1}, 2, @"PT30S")', {}, 'x'), {
      errorType: 'jobError',
      message: 'later',
      variables: { a: 1 },
      retries: 2,
      retryBackOffMs: 30_000,
    })
    assert.deepEqual(evaluateFeel('jobError("now")', {}, 'x'), {
      errorType: 'jobError',
      message: 'now',
      variables: {},
      retries: 0,
      retryBackOffMs: 0,
    })
  })

  test('it should name the expression when it does not parse', ({ assert }) => {
    assert.throws(
      () => evaluateFeel('{ a: ', {}, 'resultExpression'),
      /Expected resultExpression to be a valid FEEL expression/
    )
    try {
      evaluateFeel('{ a: ', {}, 'resultExpression')
    } catch (error) {
      assert.instanceOf(error, FeelExpressionError)
    }
  })

  test('it should turn driver values into plain JSON', ({ assert }) => {
    assert.deepEqual(
      toPlainValue({
        at: new Date('2025-03-01T01:30:00Z'),
        bytes: Buffer.from('Hồ sơ'),
        big: 12n,
        huge: 2n ** 64n,
        skip: undefined,
      }),
      {
        at: '2025-03-01T01:30:00.000Z',
        bytes: Buffer.from('Hồ sơ').toString('base64'),
        big: 12,
        huge: '18446744073709551616',
      }
    )
  })

  test('it should convert ISO-8601 durations and refuse others', ({ assert }) => {
    assert.equal(durationToMilliseconds('PT0S'), 0)
    assert.equal(durationToMilliseconds('PT1M30S'), 90_000)
    assert.equal(durationToMilliseconds('P1D'), 86_400_000)
    assert.throws(() => durationToMilliseconds('30s'), /ISO-8601/)
  })
})

test.group('text templates', () => {
  test('it should substitute {{placeholders}} and never resolve secrets', ({ assert }) => {
    const fields = { name: 'Nguyễn Văn A', dossier: { number: 'HS-01' } }
    assert.equal(
      renderText('Kính gửi {{name}}, hồ sơ {{ dossier.number }} {{missing}}.', fields),
      'Kính gửi Nguyễn Văn A, hồ sơ HS-01 .'
    )
    assert.equal(renderText('{{secrets.DB_PASSWORD}}', { secrets: { DB_PASSWORD: 'x' } }), '')
    assert.equal(
      renderText('<b>{{name}}</b>', { name: '<script>' }, { escapeHtml: true }),
      '<b>&lt;script&gt;</b>'
    )
  })

  test('it should evaluate a template starting with = as FEEL', ({ assert }) => {
    assert.equal(renderText('= "Hồ sơ " + upper case(code)', { code: 'hs-01' }), 'Hồ sơ HS-01')
  })

  test('it should keep typed values for whole placeholders in JSON templates', ({ assert }) => {
    const rendered = renderJsonTemplate(
      { id: '{{id}}', label: 'n° {{id}}', tags: ['{{flag}}'], fixed: 3 },
      { id: 42, flag: true }
    )
    assert.deepEqual(rendered, { id: 42, label: 'n° 42', tags: [true], fixed: 3 })
  })
})
