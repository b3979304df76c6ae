import { test } from '@japa/runner'
import { ConnectorConfigurationError } from '../../src/errors.js'
import {
  ELEMENT_TEMPLATE_SCHEMA,
  elementTemplateFor,
  elementTemplatesFor,
  type ElementTemplate,
} from '../../src/template/element_template.js'
import type { ConnectorConfiguration } from '../../src/types.js'
import { elementTemplateViolations } from '../helpers/element_template_rules.js'

const configurations: ConnectorConfiguration[] = [
  {
    id: 'treaty-register',
    name: 'Query the treaty register',
    kind: 'http',
    baseUrl: 'https://treaties.mofa.example/api',
    authentication: { type: 'bearer', token: '{{secrets.TREATY_TOKEN}}' },
    operations: [
      {
        id: 'get-treaty',
        name: 'Look up a treaty',
        method: 'GET',
        path: '/treaties/{treatyId}',
        fields: [
          { name: 'treatyId', label: 'Treaty number', required: true },
          { name: 'withAnnexes', label: 'With annexes', type: 'boolean', defaultValue: false },
        ],
      },
      {
        id: 'search',
        name: 'Search treaties',
        method: 'GET',
        path: '/treaties',
        queryParameters: { q: '{{treatyId}}', limit: '{{limit}}' },
        fields: [
          { name: 'treatyId', label: 'Words', required: true },
          { name: 'limit', label: 'At most', type: 'number', defaultValue: 20 },
        ],
      },
    ],
    retries: 5,
    retryBackoff: 'PT1M',
  },
  {
    id: 'dossier-db',
    name: 'Query the dossier database',
    kind: 'sql',
    dialect: 'mysql',
    connection: {
      host: 'db.mofa.example',
      user: 'reader',
      password: '{{secrets.DB_PASSWORD}}',
      database: 'dossiers',
    },
    readOnly: true,
    operations: [
      {
        id: 'by-number',
        name: 'Dossier by number',
        sql: 'SELECT * FROM dossier WHERE number = :number AND unit = :unit',
      },
    ],
  },
  {
    id: 'notify',
    name: 'Notify the applicant',
    kind: 'mail',
    smtp: { host: 'smtp.mofa.example', port: 587 },
    from: 'lanhsu@mofa.example',
    operations: [
      {
        id: 'received',
        name: 'Dossier received',
        subject: 'Hồ sơ {{number}}',
        text: 'Đã tiếp nhận {{number}}',
        fields: [{ name: 'number', label: 'Dossier', required: true }],
      },
      { id: 'free', name: 'Free text' },
    ],
  },
  {
    id: 'dvcqg',
    name: 'National Public Service Portal',
    kind: 'portal',
    adapterUrl: 'https://adapter.dichvucong.example',
    dstcode: 'VN:GOV:G22',
    madonvi: '000.00.22.H00',
    username: '{{secrets.PORTAL_USER}}',
    password: '{{secrets.PORTAL_PASSWORD}}',
  },
]

function property(template: ElementTemplate, id: string) {
  return template.properties.find((candidate) => candidate.id === id)
}

test.group('elementTemplateFor', () => {
  test('it should follow the element template schema for a {0} connector')
    .with(configurations.map((configuration) => configuration.kind))
    .run(({ assert }, kind) => {
      const template = elementTemplateFor(
        configurations.find((configuration) => configuration.kind === kind)!
      )
      assert.deepEqual(
        elementTemplateViolations(template as unknown as Record<string, unknown>),
        []
      )
      assert.equal(template.$schema, ELEMENT_TEMPLATE_SCHEMA)
      assert.deepEqual(template.appliesTo, ['bpmn:Task'])
      assert.deepEqual(template.elementType, { value: 'bpmn:ServiceTask' })
    })

  test('it should bind the job type, the operation and the business fields', ({ assert }) => {
    // when
    const template = elementTemplateFor(configurations[0])

    // then
    assert.equal(template.id, 'senflow.connector.treaty-register')
    assert.equal(template.name, 'Query the treaty register')
    assert.deepEqual(template.properties[0], {
      type: 'Hidden',
      value: 'senflow:connector:treaty-register',
      binding: { type: 'zeebe:taskDefinition', property: 'type' },
    })
    assert.deepEqual(property(template, 'operation')?.choices, [
      { name: 'Look up a treaty', value: 'get-treaty' },
      { name: 'Search treaties', value: 'search' },
    ])
    assert.deepEqual(property(template, 'get-treaty.fields.treatyId'), {
      id: 'get-treaty.fields.treatyId',
      label: 'Treaty number',
      group: 'input',
      type: 'String',
      feel: 'optional',
      constraints: { notEmpty: true },
      binding: { type: 'zeebe:input', name: 'fields.treatyId' },
      condition: { property: 'operation', equals: 'get-treaty' },
    })
    assert.equal(property(template, 'search.fields.limit')?.value, 20)
    assert.equal(property(template, 'get-treaty.fields.withAnnexes')?.type, 'Boolean')
  })

  test("it should bind the runtime's reserved task headers and the retries", ({ assert }) => {
    const template = elementTemplateFor(configurations[0])
    assert.deepEqual(property(template, 'resultVariable')?.binding, {
      type: 'zeebe:taskHeader',
      key: 'resultVariable',
    })
    assert.deepEqual(property(template, 'resultExpression')?.binding, {
      type: 'zeebe:taskHeader',
      key: 'resultExpression',
    })
    assert.equal(property(template, 'resultExpression')?.feel, 'required')
    assert.deepEqual(property(template, 'errorExpression')?.binding, {
      type: 'zeebe:taskHeader',
      key: 'errorExpression',
    })
    assert.deepEqual(property(template, 'retryBackoff'), {
      id: 'retryBackoff',
      label: 'Retry back-off',
      description: 'ISO-8601 duration to wait between retries',
      group: 'retries',
      type: 'String',
      value: 'PT1M',
      binding: { type: 'zeebe:taskHeader', key: 'retryBackoff' },
    })
    assert.deepEqual(property(template, 'retries')?.binding, {
      type: 'zeebe:taskDefinition',
      property: 'retries',
    })
    assert.equal(property(template, 'retries')?.value, '5')
  })

  test("it should derive SQL fields from the statement's named parameters", ({ assert }) => {
    const template = elementTemplateFor(configurations[1])
    assert.deepEqual(
      template.properties
        .filter(
          (candidate) =>
            candidate.binding.type === 'zeebe:input' && candidate.binding.name.startsWith('fields.')
        )
        .map((candidate) => candidate.binding),
      [
        { type: 'zeebe:input', name: 'fields.number' },
        { type: 'zeebe:input', name: 'fields.unit' },
      ]
    )
    assert.equal(property(template, 'operation')?.type, 'Hidden')
  })

  test('it should ask for the subject and body only for mail operations without templates', ({
    assert,
  }) => {
    const template = elementTemplateFor(configurations[2])
    assert.deepEqual(property(template, 'subject')?.condition, {
      property: 'operation',
      equals: 'free',
    })
    assert.deepEqual(property(template, 'to')?.constraints, { notEmpty: true })
    assert.equal(property(template, 'attachments')?.feel, 'required')
  })

  test("it should offer the portal's four services with their fields", ({ assert }) => {
    const template = elementTemplateFor(configurations[3])
    assert.deepEqual(
      property(template, 'operation')?.choices?.map((choice) => choice.value),
      ['TraCuuHoSo', 'DongBoHoSoMC', 'CapNhatTienDoHoSoMC', 'LayThuTuc']
    )
    assert.deepEqual(
      property(template, 'DongBoHoSoMC.fields.applicantType')?.choices?.map(
        (choice) => choice.value
      ),
      ['citizen', 'organisation']
    )
  })

  test('it should be checked by rules that do catch broken templates', ({ assert }) => {
    const broken = {
      ...elementTemplateFor(configurations[0]),
      properties: [
        { type: 'Hidden', binding: { type: 'zeebe:taskDefinition', property: 'type' } },
        {
          type: 'String',
          optional: true,
          binding: { type: 'zeebe:taskDefinition', property: 'retries' },
        },
        { type: 'Dropdown', binding: { type: 'zeebe:input', name: 'x' } },
        {
          type: 'Text',
          feel: 'required',
          value: 'not feel',
          binding: { type: 'zeebe:taskHeader', key: 'k' },
        },
        { type: 'String', binding: { type: 'zeebe:input', name: 'x' } },
      ],
    }
    assert.deepEqual(elementTemplateViolations(broken as unknown as Record<string, unknown>), [
      'properties[0]: Hidden without value',
      'properties[1]: optional not allowed with zeebe:taskDefinition',
      'properties[2]: Dropdown needs choices with name and value',
      'properties[3]: feel required with a value not starting with =',
      'zeebe:input x bound twice without exclusive conditions',
    ])
  })

  test('it should refuse an invalid configuration with its problems', ({ assert }) => {
    assert.throws(
      () =>
        elementTemplateFor({
          ...(configurations[1] as Extract<ConnectorConfiguration, { kind: 'sql' }>),
          operations: [{ id: 'w', name: 'Write', sql: 'DELETE FROM dossier' }],
        }),
      ConnectorConfigurationError
    )
    assert.lengthOf(elementTemplatesFor(configurations), 4)
  })
})
