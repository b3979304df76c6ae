import { test } from '@japa/runner'
import { formatValuePath, getAtPath, setAtPath, cloneJson } from '../src/component_tree.js'
import { parseFormSchema } from '../src/form_schema.js'
import { validateSubmission } from '../src/submission_validator.js'
import type { JsonObject } from '../src/schema_types.js'
import { corpusSchema, corpusSchemas } from './support/corpus.js'
import { breakField, buildSubmission } from './support/submissions.js'

test.group('validateSubmission / the form-js corpus', () => {
  test('it should accept a complete submission of {name}')
    .with(corpusSchemas())
    .run(({ assert }, { json }) => {
      // given a corpus schema and a submission filling every field a user can edit
      const schema = parseFormSchema(json)
      const { variables, submission, filled } = buildSubmission(schema)

      // when it is validated
      const result = validateSubmission(schema, submission, { variables })

      // then it is valid, every shown field keeps the client's value, and nothing else is taken
      assert.deepEqual(result.errors, {})
      assert.isTrue(result.valid)
      assert.notInclude(JSON.stringify(result.values), 'injectedByClient')
      for (const field of filled) {
        const written = getAtPath(result.values, field.path)
        if (written !== undefined) {
          assert.deepEqual(written, field.value, `value of ${formatValuePath(field.path)}`)
        }
      }
    })

  test('it should refuse each broken field of {name}')
    .with(corpusSchemas())
    .run(({ assert }, { json }) => {
      // given a valid submission of a corpus schema
      const schema = parseFormSchema(json)
      const { variables, submission, filled } = buildSubmission(schema)
      const valid = validateSubmission(schema, submission, { variables })

      // each field that is shown gets, in turn, a value its rules refuse
      for (const field of filled.filter(
        (entry) => getAtPath(valid.values, entry.path) !== undefined
      )) {
        const broken = breakField(field, variables)
        if (!broken) {
          continue
        }
        const attempt = cloneJson(submission) as JsonObject
        setAtPath(attempt, field.path, broken.value)

        // when it is validated
        const result = validateSubmission(schema, attempt, { variables })

        // then it is refused with form-js's message on that field
        assert.isFalse(result.valid, `${broken.path} = ${JSON.stringify(broken.value)}`)
        assert.include(
          result.errors[broken.path] ?? [],
          broken.message,
          `${broken.path}: ${JSON.stringify(result.errors)}`
        )
      }
    })

  test('it should ignore what a client sends for the locked fields of {name}')
    .with(corpusSchemas())
    .run(({ assert }, { json }) => {
      // given a valid submission that also forges every disabled and read-only field
      const schema = parseFormSchema(json)
      const { variables, submission, locked } = buildSubmission(schema)
      const honest = validateSubmission(schema, submission, { variables })
      const forged = cloneJson(submission) as JsonObject
      for (const field of locked) {
        setAtPath(forged, field.path, 'forged by the client')
      }

      // when it is validated
      const result = validateSubmission(schema, forged, { variables })

      // then the verdict and the values are those of the honest submission
      assert.isTrue(result.valid)
      assert.deepEqual(result.values, honest.values)
      assert.notInclude(JSON.stringify(result.values), 'forged by the client')
    })
})

test.group('validateSubmission / form-js behaviours on corpus schemas', () => {
  const viewer = (name: string) =>
    parseFormSchema(corpusSchema(`form-js-viewer/test/spec/${name}.json`))

  test('it should skip a list item field hidden by its own item (condition-errors-dynamic-list)', ({
    assert,
  }) => {
    // given a required element hidden by its item's checkbox
    const schema = viewer('condition-errors-dynamic-list')

    // when one item hides its element and the other fills it
    const result = validateSubmission(schema, {
      list: [{ hideElement: true }, { element: 4, hideElement: false }],
    })

    // then only the shown element is taken
    assert.deepEqual(result.errors, {})
    assert.deepEqual(result.values, {
      hideList: false,
      list: [{ hideElement: true }, { element: 4, hideElement: false }],
    })
  })

  test('it should leave out a list hidden by the form (condition-errors-dynamic-list)', ({
    assert,
  }) => {
    const result = validateSubmission(viewer('condition-errors-dynamic-list'), {
      hideList: true,
      list: [{ element: null }],
    })
    assert.isTrue(result.valid)
    assert.deepEqual(result.values, { hideList: true })
  })

  test('it should require a value in every item of nested lists (nested-dynamic-list-required)', ({
    assert,
  }) => {
    const result = validateSubmission(viewer('nested-dynamic-list-required'), {
      outer: [{ inner: [{ value: 1 }] }, { inner: [{ value: 2 }, {}] }],
    })
    assert.deepEqual(result.errors, { 'outer.1.inner.1.value': ['Field is required.'] })
  })

  test('it should keep a field read-only by its expression (readonly-expression)', ({ assert }) => {
    // given `readonly: "=foo + bar = 2"` and variables making it hold
    const result = validateSubmission(
      viewer('readonly-expression'),
      { amount: 99, text: 'forged' },
      {
        variables: { foo: 1, bar: 1, amount: 5, text: 'kept' },
      }
    )

    // then neither the expression-read-only nor the read-only field takes the client value
    assert.deepEqual(result.values, { amount: 5, text: 'kept' })
  })

  test('it should compute chained expression fields (chain-expressions)', ({ assert }) => {
    const result = validateSubmission(viewer('chain-expressions'), { exprC: 0 })
    assert.deepEqual(result.values, { staticValue: 10, exprA: 20, exprB: 40, exprC: 50 })
  })

  test('it should stop on cyclical expression fields (cyclical-expressions)', ({ assert }) => {
    // given two expressions reading each other
    const result = validateSubmission(viewer('cyclical-expressions'), {})

    // then the computation ends: null + 10 is null, and stays so
    assert.isTrue(result.valid)
    assert.deepEqual(result.values, { exprA: null, exprB: null })
  })

  test('it should stop a cycle that keeps changing after a bounded number of rounds', ({
    assert,
  }) => {
    // given a cycle started from a number, where each round changes both values
    const result = validateSubmission(
      viewer('cyclical-expressions'),
      {},
      { variables: { exprB: 0 } }
    )

    // then validation still ends (as form-js's loop preventer stops the browser), both fields written
    assert.isTrue(result.valid)
    assert.sameMembers(Object.keys(result.values), ['exprA', 'exprB'])
  })

  test('it should hide a field by another field and a template text by two (hidden-fields-conditional)', ({
    assert,
  }) => {
    const result = validateSubmission(viewer('hidden-fields-conditional'), {
      a: true,
      b: true,
      c: true,
    })
    assert.deepEqual(result.values, { a: true, b: true })
  })
})
