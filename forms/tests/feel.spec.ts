import { test } from '@japa/runner'
import { compileFeel, evaluateFeel, evaluateFeelUnaryTest, isFeelExpression } from '../src/feel.js'

test.group('feel', () => {
  test('it should tell expressions from literals as form-js does', ({ assert }) => {
    assert.isTrue(isFeelExpression('=a + 1'))
    assert.isFalse(isFeelExpression('a + 1'))
    assert.isFalse(isFeelExpression(true))
  })

  const evaluations = [
    {
      title: 'arithmetic on the context',
      value: '=copies * fee',
      context: { copies: 2, fee: 1.5 },
      result: 3,
    },
    { title: 'a literal, unchanged', value: 42, context: {}, result: 42 },
    {
      title: 'a date, as ISO text',
      value: '=date("2025-01-31")',
      context: {},
      result: '2025-01-31',
    },
    {
      title: 'a context, as a plain object',
      value: '={a: 1, b: [true, null]}',
      context: {},
      result: { a: 1, b: [true, null] },
    },
    { title: 'a syntax error, as null', value: '=a +', context: { a: 1 }, result: null },
    { title: 'a missing variable, as null', value: '=missing', context: {}, result: null },
  ]

  test('it should evaluate {title}')
    .with(evaluations)
    .run(({ assert }, { value, context, result }) => {
      assert.deepEqual(evaluateFeel(value, context), result)
    })

  const unaryTests = [
    { title: 'a true comparison', value: '=amount > 2', context: { amount: 3 }, result: true },
    { title: 'a false comparison', value: '=amount > 2', context: { amount: 1 }, result: false },
    { title: 'a literal', value: true, context: {}, result: null },
    { title: 'a syntax error', value: '=amount >', context: {}, result: null },
    // FEEL compares the missing input (null) with the result (null): form-js hides such a field
    { title: 'a missing variable', value: '=missing', context: {}, result: true },
  ]

  test('it should test {title} as a unary test')
    .with(unaryTests)
    .run(({ assert }, { value, context, result }) => {
      assert.strictEqual(evaluateFeelUnaryTest(value, context), result)
    })

  test('it should compile an expression once and remember it', ({ assert }) => {
    // given an expression compiled once
    const first = compileFeel('=applicant.age >= minimumAge and count(list) > 0')

    // when it is compiled again
    const second = compileFeel('=applicant.age >= minimumAge and count(list) > 0')

    // then the cached compilation is returned, with the variables it reads
    assert.strictEqual(first, second)
    assert.isNull(first.syntaxError)
    assert.deepEqual(first.variableNames, ['applicant', 'minimumAge', 'list'])
  })

  test('it should leave out names bound inside the expression', ({ assert }) => {
    const { variableNames } = compileFeel(
      '=for x in items return x.price * rate + count(this.lines[item > 1])'
    )
    assert.deepEqual(variableNames, ['items', 'rate'])
  })

  test('it should remember a syntax error', ({ assert }) => {
    const compiled = compileFeel('=(a', 'unaryTest')
    assert.match(
      compiled.syntaxError ?? '',
      /^Expected a FEEL unary test, but found a syntax error at position \d+$/
    )
  })
})
