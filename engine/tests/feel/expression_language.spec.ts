import { test } from '@japa/runner'
import { ControllableClock } from '../../src/clock.js'
import { ExpressionLanguage, type VariableLookup } from '../../src/feel/expression_language.js'
import type { JsonValue } from '../../src/feel/feel_values.js'

function lookup(variables: Record<string, JsonValue>): VariableLookup {
  return { get: (name) => variables[name], all: () => variables }
}

function compile(language: ExpressionLanguage, source: string) {
  const result = language.compile(source)
  if (!result.ok) {
    throw new Error(result.message)
  }
  return result.expression
}

test.group('FEEL expression language', () => {
  test('it should take a value without = as a literal and one with = as FEEL', ({ assert }) => {
    // given
    const language = new ExpressionLanguage(new ControllableClock())

    // when
    const literal = language.evaluateJson(
      compile(language, 'a + b'),
      lookup({ a: 1, b: 2 }),
      'EXTRACT_VALUE_ERROR'
    )
    const feel = language.evaluateJson(
      compile(language, '= a + b'),
      lookup({ a: 1, b: 2 }),
      'EXTRACT_VALUE_ERROR'
    )

    // then
    assert.deepEqual(literal, { ok: true, value: 'a + b' })
    assert.deepEqual(feel, { ok: true, value: 3 })
  })

  test('it should compile once and reuse the compiled expression', ({ assert }) => {
    // given
    const language = new ExpressionLanguage(new ControllableClock())

    // when
    const first = compile(language, '= order.total > 100')
    const second = compile(language, '= order.total > 100')

    // then
    assert.strictEqual(first, second)
    assert.deepEqual(first.names, ['order'])
    assert.deepEqual(compile(language, '= order.customer.name').path, ['order', 'customer', 'name'])
    assert.deepEqual(compile(language, '= 42').constant, { value: 42 })
  })

  test('it should report a syntax error at compile time', ({ assert }) => {
    // given
    const language = new ExpressionLanguage(new ControllableClock())

    // when
    const result = language.compile('= amount >')

    // then
    assert.deepEqual(result, {
      ok: false,
      message: "failed to parse expression 'amount >': unexpected end of expression",
    })
  })

  test('it should read now() and today() from the engine clock', ({ assert }) => {
    // given
    const clock = new ControllableClock()
    clock.pin(Date.UTC(2024, 0, 31, 23, 30))
    const language = new ExpressionLanguage(clock)

    // when
    const now = language.evaluateJson(
      compile(language, '= now()'),
      lookup({}),
      'EXTRACT_VALUE_ERROR'
    )
    const today = language.evaluateJson(
      compile(language, '= today()'),
      lookup({}),
      'EXTRACT_VALUE_ERROR'
    )
    const later = language.evaluateJson(
      compile(language, '= now() + duration("PT1H")'),
      lookup({}),
      'EXTRACT_VALUE_ERROR'
    )

    // then
    assert.deepEqual(now, { ok: true, value: '2024-01-31T23:30:00Z' })
    assert.deepEqual(today, { ok: true, value: '2024-01-31' })
    assert.deepEqual(later, { ok: true, value: '2024-02-01T00:30:00Z' })
  })

  test('it should turn temporal results into ISO strings as Zeebe does', ({ assert }) => {
    // given
    const language = new ExpressionLanguage(new ControllableClock())
    const cases: Array<[string, JsonValue]> = [
      ['= date("2024-05-01")', '2024-05-01'],
      ['= date and time("2024-05-01T10:00:00")', '2024-05-01T10:00:00'],
      ['= date and time("2024-05-01T10:00:00+02:00")', '2024-05-01T10:00:00+02:00'],
      [
        '= date and time("2024-05-01T10:00:00@Europe/Paris")',
        '2024-05-01T10:00:00+02:00[Europe/Paris]',
      ],
      ['= duration("P1DT2H")', 'P1DT2H'],
      [
        '= {due: date("2024-05-01"), list: [time("10:15:00")]}',
        { due: '2024-05-01', list: ['10:15:00'] },
      ],
    ]

    for (const [source, expected] of cases) {
      // when
      const result = language.evaluateJson(
        compile(language, source),
        lookup({}),
        'EXTRACT_VALUE_ERROR'
      )

      // then
      assert.deepEqual(result, { ok: true, value: expected }, source)
    }
  })

  test('it should name the expression and the reason when a result has the wrong type', ({
    assert,
  }) => {
    // given
    const language = new ExpressionLanguage(new ControllableClock())

    // when
    const result = language.evaluateBoolean(
      compile(language, '= missing > 1'),
      lookup({}),
      'CONDITION_ERROR'
    )

    // then
    assert.deepEqual(result, {
      ok: false,
      failure: {
        errorType: 'CONDITION_ERROR',
        message:
          "Expected result of the expression 'missing > 1' to be 'BOOLEAN', but was 'NULL'. " +
          "The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] Variable 'missing' not found",
      },
    })
  })

  test('it should call registered functions, also with spaces in their names', ({ assert }) => {
    // given a business-calendar function registered before compiling
    const language = new ExpressionLanguage(new ControllableClock())
    language.registerFunction(
      'add working days',
      (date: unknown, days: number) => `${date}+${days}wd`
    )

    // when
    const result = language.evaluateJson(
      compile(language, '= add working days(start, 3)'),
      lookup({ start: '2024-06-03' }),
      'EXTRACT_VALUE_ERROR'
    )

    // then
    assert.deepEqual(result, { ok: true, value: '2024-06-03+3wd' })
  })

  test('it should split static candidate lists and keep FEEL lists', ({ assert }) => {
    // given
    const language = new ExpressionLanguage(new ControllableClock())

    // when
    const fromText = language.evaluateStringList(
      compile(language, 'sales, legal'),
      lookup({}),
      'EXTRACT_VALUE_ERROR'
    )
    const fromFeel = language.evaluateStringList(
      compile(language, '= groups'),
      lookup({ groups: ['a', 'b'] }),
      'EXTRACT_VALUE_ERROR'
    )
    const wrong = language.evaluateStringList(
      compile(language, '= 5'),
      lookup({}),
      'EXTRACT_VALUE_ERROR'
    )

    // then
    assert.deepEqual(fromText, { ok: true, value: ['sales', 'legal'] })
    assert.deepEqual(fromFeel, { ok: true, value: ['a', 'b'] })
    assert.isFalse(wrong.ok)
  })
})
