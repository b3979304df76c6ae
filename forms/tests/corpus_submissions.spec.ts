import { test } from '@japa/runner'
import { formatValuePath, getAtPath, setAtPath, cloneJson } from '../src/component_tree.js'
import { parseFormSchema } from '../src/form_schema.js'
import { validateSubmission } from '../src/submission_validator.js'
import type { JsonObject } from '../src/schema_types.js'
import { corpusSchemas } from './support/corpus.js'
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
