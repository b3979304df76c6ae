import { test } from '@japa/runner'
import { localizeSchema, translatableStrings } from '../src/translations.js'
import { parseFormSchema } from '../src/form_schema.js'
import type { FormSchema } from '../src/schema_types.js'
import { corpusSchemas } from './support/corpus.js'

const schema: FormSchema = {
  type: 'default',
  components: [
    { type: 'text', id: 'intro', text: '# Đơn đề nghị' },
    {
      type: 'textfield',
      id: 'Field_name',
      key: 'applicantName',
      label: 'Họ và tên',
      description: 'Như trong hộ chiếu',
      validate: { pattern: '^\\D+$', patternErrorMessage: 'Không được có chữ số.' },
      appearance: { prefixAdorner: 'Ông/Bà' },
    },
    {
      type: 'select',
      key: 'purpose',
      label: 'Mục đích',
      values: [
        { label: 'Du học', value: 'study' },
        { label: 'Lao động', value: 'work' },
      ],
    },
    {
      type: 'datetime',
      key: 'travelDate',
      subtype: 'datetime',
      dateLabel: 'Ngày đi',
      timeLabel: 'Giờ đi',
    },
    { type: 'textfield', key: 'computedLabel', label: '=if urgent then "Khẩn" else "Thường"' },
    {
      type: 'table',
      id: 'fees',
      dataSource: '=fees',
      columns: [{ key: 'name', label: 'Tên phí' }],
    },
    { type: 'button', label: 'Gửi' },
  ],
}

const translations = {
  'en': {
    'intro.text': '# Application',
    'Field_name.label': 'Full name',
    'Field_name.validate.patternErrorMessage': 'No digits allowed.',
    'purpose.label': 'Purpose',
    'purpose.values.study': 'Study abroad',
    'fees.columns.name': 'Fee',
  },
  'en-GB': { 'purpose.values.work': 'Employment' },
}

test.group('translatableStrings', () => {
  test('it should list every text a user reads, keyed by component ref and property', ({
    assert,
  }) => {
    // given a form with labels, descriptions, options, texts and messages
    // when its translatable strings are listed
    const keys = translatableStrings(schema).map((entry) => entry.key)

    // then every text is there, expressions excepted
    assert.deepEqual(keys, [
      'intro.text',
      'Field_name.label',
      'Field_name.description',
      'Field_name.appearance.prefixAdorner',
      'Field_name.validate.patternErrorMessage',
      'purpose.label',
      'purpose.values.study',
      'purpose.values.work',
      'travelDate.dateLabel',
      'travelDate.timeLabel',
      'fees.columns.name',
      '@components[6].label',
    ])
  })

  test('it should tell which locales miss a text', ({ assert }) => {
    // given translations into English only
    // when the strings are listed for Vietnamese and English
    const strings = translatableStrings(schema, translations, ['en'])

    // then the designer sees what is missing
    const byKey = Object.fromEntries(strings.map((entry) => [entry.key, entry]))
    assert.deepEqual(byKey['purpose.values.study'].translations, { en: 'Study abroad' })
    assert.deepEqual(byKey['purpose.values.study'].missing, [])
    assert.deepEqual(byKey['Field_name.description'].missing, ['en'])
    assert.equal(byKey['Field_name.description'].text, 'Như trong hộ chiếu')
    assert.equal(byKey['Field_name.description'].schemaPath, 'components[1]')
  })

  test('it should list texts of every corpus schema without failing', ({ assert }) => {
    for (const { json } of corpusSchemas()) {
      const strings = translatableStrings(parseFormSchema(json))
      assert.equal(new Set(strings.map((entry) => entry.key)).size <= strings.length, true)
    }
  })
})

test.group('localizeSchema', () => {
  test('it should put the texts of a locale into the schema, falling back to its own', ({
    assert,
  }) => {
    // given a Vietnamese schema and English translations
    // when it is localized to English
    const english = localizeSchema(schema, translations, 'en')

    // then translated texts are English and the others stay as written
    assert.equal(english.components[0].text, '# Application')
    assert.equal(english.components[1].label, 'Full name')
    assert.equal(english.components[1].description, 'Như trong hộ chiếu')
    assert.equal(english.components[1].validate?.patternErrorMessage, 'No digits allowed.')
    assert.deepEqual(english.components[2].values, [
      { label: 'Study abroad', value: 'study' },
      { label: 'Lao động', value: 'work' },
    ])
    assert.equal(english.components[4].label, '=if urgent then "Khẩn" else "Thường"')
    assert.deepEqual(english.components[5].columns, [{ key: 'name', label: 'Fee' }])
  })

  test('it should prefer a regional locale, then its language', ({ assert }) => {
    const british = localizeSchema(schema, translations, 'en-GB')
    assert.deepEqual(british.components[2].values, [
      { label: 'Study abroad', value: 'study' },
      { label: 'Employment', value: 'work' },
    ])
  })

  test('it should give a bare option value its translated label', ({ assert }) => {
    const bare: FormSchema = {
      type: 'default',
      components: [{ type: 'radio', key: 'speed', values: ['urgent', 'normal'] }],
    }
    const english = localizeSchema(bare, { en: { 'speed.values.urgent': 'Urgent' } }, 'en')
    assert.deepEqual(english.components[0].values, [{ label: 'Urgent', value: 'urgent' }, 'normal'])
  })

  test('it should leave the given schema unchanged', ({ assert }) => {
    const before = JSON.stringify(schema)
    localizeSchema(schema, translations, 'en')
    assert.equal(JSON.stringify(schema), before)
  })

  test('it should give the schema itself for a locale without translations', ({ assert }) => {
    assert.deepEqual(localizeSchema(schema, translations, 'vi'), schema)
  })
})
