import { test } from '@japa/runner'
import { checkFormSchema, FormSchemaError, parseFormSchema } from '../src/form_schema.js'
import { corpusSchemas } from './support/corpus.js'

const form = (...components: unknown[]) => ({ type: 'default', components })

test.group('parseFormSchema / the form-js corpus', () => {
  test('it should load {name}')
    .with(corpusSchemas())
    .run(({ assert }, { json }) => {
      // given a schema from form-js's own test specs
      // when it is parsed
      const schema = parseFormSchema(json)

      // then it loads as it is, whatever its schemaVersion
      assert.equal(schema.type, 'default')
      assert.deepEqual(schema, json as never)
    })

  test('it should load all of the corpus, which has more than fifty schemas', ({ assert }) => {
    assert.isAbove(corpusSchemas().length, 50)
  })
})

test.group('parseFormSchema / malformed schemas', () => {
  const cases: Array<{ title: string; json: unknown; problem: string }> = [
    {
      title: 'a schema that is not an object',
      json: [],
      problem: 'Expected an object, but got array',
    },
    { title: 'broken JSON text', json: '{"type": ', problem: 'Expected JSON text, but' },
    {
      title: 'a root of another type',
      json: { type: 'form', components: [] },
      problem: 'type: Expected "default", but got "form"',
    },
    {
      title: 'components that are not a list',
      json: { type: 'default', components: {} },
      problem: 'components: Expected an array, but got object',
    },
    {
      title: 'a component that is not an object',
      json: form('textfield'),
      problem: 'components[0]: Expected an object, but got string',
    },
    {
      title: 'a component without type',
      json: form({ key: 'a' }),
      problem: 'components[0].type: Expected a string, but got undefined',
    },
    {
      title: 'a key that is a number',
      json: form(
        { type: 'textfield', key: 'a' },
        { type: 'text', text: 'x' },
        { type: 'number', key: 'b' },
        { type: 'textfield', key: 42 }
      ),
      problem: 'components[3].key: Expected a string, but got number',
    },
    {
      title: 'a key with spaces',
      json: form({ type: 'textfield', key: 'full name' }),
      problem:
        'components[0].key: Expected names of letters, digits and underscores joined by dots, but got "full name"',
    },
    {
      title: 'a key reaching an object prototype',
      json: form({ type: 'textfield', key: 'a.__proto__.polluted' }),
      problem:
        'components[0].key: Expected names of letters, digits and underscores joined by dots, but got "a.__proto__.polluted"',
    },
    {
      title: 'a label that is not text',
      json: form({ type: 'group', components: [{ type: 'textfield', key: 'a', label: ['x'] }] }),
      problem: 'components[0].components[0].label: Expected a string, but got array',
    },
    {
      title: 'a broken regular expression',
      json: form({ type: 'textfield', key: 'a', validate: { pattern: '([a-z' } }),
      problem: 'components[0].validate.pattern: Expected a regular expression, but got "([a-z"',
    },
    {
      title: 'required given as text',
      json: form({ type: 'textfield', key: 'a', validate: { required: 'yes' } }),
      problem: 'components[0].validate.required: Expected a boolean, but got string',
    },
    {
      title: 'an unknown datetime subtype',
      json: form({ type: 'datetime', key: 'a', subtype: 'week' }),
      problem: 'components[0].subtype: Expected one of "date", "time", "datetime", but got "week"',
    },
    {
      title: 'a checkbox default that is not a boolean',
      json: form({ type: 'checkbox', key: 'a', defaultValue: 'true' }),
      problem: 'components[0].defaultValue: Expected a boolean, but got string',
    },
    {
      title: 'an option that is a list',
      json: form({ type: 'select', key: 'a', values: [['x']] }),
      problem:
        'components[0].values[0]: Expected an object with a label and a value, but got array',
    },
    {
      title: 'a hide condition that is a number',
      json: form({ type: 'textfield', key: 'a', conditional: { hide: 1 } }),
      problem: 'components[0].conditional.hide: Expected a string or a boolean, but got number',
    },
    {
      title: 'a non-numeric increment',
      json: form({ type: 'number', key: 'a', increment: 'often' }),
      problem: 'components[0].increment: Expected a number, but got "often"',
    },
  ]

  test('it should reject {title}')
    .with(cases)
    .run(({ assert }, { json, problem }) => {
      // given a malformed schema
      // when it is checked
      const check = checkFormSchema(json)

      // then the problem names the component's place
      assert.isNull(check.schema)
      assert.isTrue(
        check.errors.some((error) => error.startsWith(problem)),
        `expected "${problem}" among ${JSON.stringify(check.errors)}`
      )
    })

  test('it should throw every problem at once', ({ assert }) => {
    // given a schema with two problems
    const json = form({ type: 'textfield', key: 1 }, { type: 'checkbox', key: 'b', label: 2 })

    // when it is parsed
    // then the error lists both
    try {
      parseFormSchema(json)
      assert.fail('expected a FormSchemaError')
    } catch (error) {
      assert.instanceOf(error, FormSchemaError)
      assert.deepEqual((error as FormSchemaError).problems, [
        'components[0].key: Expected a string, but got number',
        'components[1].label: Expected a string, but got number',
      ])
      assert.include(
        (error as Error).message,
        '- components[1].label: Expected a string, but got number'
      )
    }
  })

  test('it should accept JSON text', ({ assert }) => {
    const schema = parseFormSchema(JSON.stringify(form({ type: 'textfield', key: 'name' })))
    assert.equal(schema.components[0].key, 'name')
  })
})

test.group('parseFormSchema / bindings', () => {
  const cases: Array<{ title: string; components: unknown[]; problem: string | null }> = [
    {
      title: 'two fields with one key',
      components: [
        { type: 'textfield', key: 'name' },
        { type: 'textarea', key: 'name' },
      ],
      problem:
        'components[1].key: Expected a unique key, but "name" is also bound by components[0]',
    },
    {
      title: 'a key inside another field key',
      components: [
        { type: 'textfield', key: 'address' },
        { type: 'textfield', key: 'address.street' },
      ],
      problem:
        'components[1].key: Expected a unique key, but "address.street" is also bound by components[0]',
    },
    {
      title: 'a field key that a group path already holds',
      components: [
        { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'street' }] },
        { type: 'textfield', key: 'address' },
      ],
      problem:
        'components[1].key: Expected a unique key, but "address" is also bound by components[0]',
    },
    {
      title: 'a group key equal to a dotted key',
      components: [
        { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'street' }] },
        { type: 'textfield', key: 'address.street' },
      ],
      problem:
        'components[1].key: Expected a unique key, but "address.street" is also bound by components[0].components[0]',
    },
    {
      title: 'a field reaching into a dynamic list from outside',
      components: [
        {
          type: 'dynamiclist',
          path: 'members',
          isRepeating: true,
          components: [{ type: 'textfield', key: 'name' }],
        },
        { type: 'textfield', key: 'members.name' },
      ],
      problem:
        'components[1].key: Expected a unique key, but "members.name" is also bound by components[0]',
    },
    {
      title: 'two ids alike',
      components: [
        { type: 'textfield', key: 'a', id: 'Field_1' },
        { type: 'group', components: [{ type: 'textfield', key: 'b', id: 'Field_1' }] },
      ],
      problem:
        'components[1].components[0].id: Expected a unique id, but "Field_1" is also the id of components[0]',
    },
    {
      title: 'two groups sharing a path (allowed)',
      components: [
        { type: 'group', path: 'applicant', components: [{ type: 'textfield', key: 'name' }] },
        { type: 'group', path: 'applicant', components: [{ type: 'textfield', key: 'email' }] },
      ],
      problem: null,
    },
    {
      title: 'sibling dotted keys (allowed)',
      components: [
        { type: 'textfield', key: 'address.street' },
        { type: 'textfield', key: 'address.city' },
      ],
      problem: null,
    },
  ]

  test('it should judge {title}')
    .with(cases)
    .run(({ assert }, { components, problem }) => {
      // given a form whose fields bind variables
      // when it is checked
      const check = checkFormSchema(form(...components))

      // then conflicting bindings are reported as form-js would refuse them
      if (problem === null) {
        assert.deepEqual(check.errors, [])
      } else {
        assert.include(check.errors, problem)
      }
    })
})

test.group('checkFormSchema / warnings', () => {
  test('it should warn about what form-js tolerates but the server cannot use', ({ assert }) => {
    // given an input without key, a custom field and a broken expression
    const json = form(
      { type: 'textfield', label: 'No key' },
      { type: 'range', key: 'level' },
      { type: 'textfield', key: 'a', conditional: { hide: '=a >' } }
    )

    // when it is checked
    const check = checkFormSchema(json)

    // then it loads, with a warning for each
    assert.isNotNull(check.schema)
    assert.lengthOf(check.warnings, 3)
    assert.match(check.warnings[0], /^components\[0\]\.key: Expected a string, but got undefined/)
    assert.match(
      check.warnings[1],
      /^components\[1\]\.type: Expected a form-js component type, but got "range"/
    )
    assert.match(
      check.warnings[2],
      /^components\[2\]\.conditional\.hide: Expected a FEEL unary test, but found a syntax error/
    )
  })
})
