import { test } from '@japa/runner'
import { checkFormDocument, parseFormDocument } from '../src/form_document.js'
import { FormSchemaError } from '../src/form_schema.js'

const schema = {
  type: 'default',
  components: [{ type: 'textfield', id: 'name', key: 'applicantName', label: 'Họ và tên' }],
}

test.group('parseFormDocument', () => {
  test('it should load a stored form with its translations', ({ assert }) => {
    // given a stored form in JSON
    const json = JSON.stringify({
      id: 'legalization',
      version: 2,
      schema,
      translations: { en: { 'name.label': 'Full name' } },
    })

    // when it is parsed
    const document = parseFormDocument(json)

    // then it has its identity, schema and translations, Vietnamese by default
    assert.deepEqual(document, {
      id: 'legalization',
      version: 2,
      defaultLocale: 'vi',
      schema: schema as never,
      translations: { en: { 'name.label': 'Full name' } },
    })
  })

  const broken = [
    {
      title: 'a missing id',
      document: { version: 1, schema },
      problem: 'id: Expected a non-empty string, but got undefined',
    },
    {
      title: 'a version of zero',
      document: { id: 'f', version: 0, schema },
      problem: 'version: Expected an integer from 1, but got 0',
    },
    {
      title: 'a broken schema',
      document: {
        id: 'f',
        version: 1,
        schema: { type: 'default', components: [{ type: 'textfield', key: 1 }] },
      },
      problem: 'schema.components[0].key: Expected a string, but got number',
    },
    {
      title: 'a missing schema',
      document: { id: 'f', version: 1 },
      problem: 'schema: Expected an object, but got undefined',
    },
    {
      title: 'a translation that is not text',
      document: { id: 'f', version: 1, schema, translations: { en: { 'name.label': 1 } } },
      problem: 'translations.en["name.label"]: Expected a string, but got number',
    },
  ]

  test('it should refuse {title}')
    .with(broken)
    .run(({ assert }, { document, problem }) => {
      // given a malformed stored form
      // when it is parsed
      // then the problem is named
      try {
        parseFormDocument(document)
        assert.fail('expected a FormSchemaError')
      } catch (error) {
        assert.instanceOf(error, FormSchemaError)
        assert.include((error as FormSchemaError).problems, problem)
      }
    })

  test('it should warn about translations of texts the schema does not have', ({ assert }) => {
    const check = checkFormDocument({
      id: 'f',
      version: 1,
      schema,
      translations: { en: { 'gone.label': 'Old' } },
    })
    assert.isNotNull(check.document)
    assert.deepEqual(check.warnings, [
      'translations.en["gone.label"]: Expected a text of the form, but the schema has no such text',
    ])
  })
})
