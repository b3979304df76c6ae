import { test } from '@japa/runner'
import { dataDictionary } from '../src/data_dictionary.js'
import { parseFormSchema } from '../src/form_schema.js'
import type { FormSchema } from '../src/schema_types.js'
import { corpusSchema, corpusSchemas } from './support/corpus.js'

const schema: FormSchema = {
  type: 'default',
  components: [
    { type: 'text', text: 'Hồ sơ {{dossierNo}} của {{applicant.name}}' },
    {
      type: 'textfield',
      id: 'f1',
      key: 'applicant.name',
      label: 'Họ và tên',
      validate: { required: true },
    },
    { type: 'number', key: 'copies', serializeToString: true },
    { type: 'datetime', key: 'appointment', subtype: 'datetime' },
    { type: 'select', key: 'embassy', valuesKey: 'embassies', label: 'Cơ quan đại diện' },
    { type: 'radio', key: 'speed', values: [{ label: 'Thường', value: 'normal' }, 'urgent'] },
    {
      type: 'checklist',
      key: 'documents',
      valuesExpression: '=requiredDocuments[type = dossierType].name',
    },
    { type: 'textfield', key: 'dossierNo', disabled: true },
    { type: 'expression', key: 'fee', expression: '=copies * unitFee', computeOn: 'change' },
    {
      type: 'dynamiclist',
      id: 'companionList',
      path: 'companions',
      label: 'Người đi cùng',
      isRepeating: true,
      conditional: { hide: '=not(withCompanions)' },
      components: [{ type: 'textfield', key: 'name', validate: { required: true } }],
    },
  ],
}

test.group('dataDictionary', () => {
  test('it should list what a form writes, then what it only reads', ({ assert }) => {
    // given a form with fields, options sources, expressions and a list
    // when its data dictionary is built
    const entries = dataDictionary(schema)

    // then each variable appears with its type, direction and options
    assert.deepEqual(
      entries.map(({ key, direction, type }) => `${key} ${direction} ${type}`),
      [
        'applicant.name inputOutput string',
        'copies inputOutput string',
        'appointment inputOutput datetime',
        'embassy inputOutput any',
        'speed inputOutput string',
        'documents inputOutput array',
        'dossierNo input string',
        'fee output any',
        'companions inputOutput array',
        'companions[].name inputOutput string',
        'embassies input any',
        'requiredDocuments input any',
        // best effort: a name inside a filter may be an item property
        'type input any',
        'dossierType input any',
        'unitFee input any',
        'withCompanions input any',
      ]
    )
    const byKey = Object.fromEntries(entries.map((entry) => [entry.key, entry]))
    assert.deepEqual(byKey['applicant.name'], {
      key: 'applicant.name',
      variable: 'applicant',
      direction: 'inputOutput',
      type: 'string',
      componentType: 'textfield',
      fieldId: 'f1',
      label: 'Họ và tên',
      required: true,
      conditional: false,
    })
    assert.deepEqual(byKey.embassy.options, { source: 'variable', variable: 'embassies' })
    assert.deepEqual(byKey.speed.options, {
      source: 'static',
      values: [
        { label: 'Thường', value: 'normal' },
        { label: 'urgent', value: 'urgent' },
      ],
    })
    assert.deepEqual(byKey.documents.options, {
      source: 'expression',
      expression: '=requiredDocuments[type = dossierType].name',
    })
    assert.equal(byKey.documents.itemType, 'any')
    assert.equal(byKey['companions[].name'].variable, 'companions')
    assert.isTrue(byKey['companions[].name'].conditional)
  })

  test('it should find the variables of conditions and templates in a corpus form', ({
    assert,
  }) => {
    // given form-js's form reading an external variable in a condition
    const entries = dataDictionary(
      parseFormSchema(corpusSchema('form-js-viewer/test/spec/condition-external-variable.json'))
    )

    // then the external variable is an input
    assert.includeDeepMembers(
      entries.filter((entry) => entry.direction === 'input').map((entry) => entry.key),
      ['externalVariable']
    )
  })

  test('it should build the dictionary of every corpus schema', ({ assert }) => {
    for (const { name, json } of corpusSchemas()) {
      const entries = dataDictionary(parseFormSchema(json))
      const keys = entries.map((entry) => entry.key)
      assert.equal(new Set(keys).size, keys.length, `duplicate keys in ${name}`)
    }
  })
})
