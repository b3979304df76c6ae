import { test } from '@japa/runner'
import { validateSubmission } from '../src/submission_validator.js'
import type { ValidateSubmissionOptions } from '../src/submission_validator.js'
import { toFormJsErrors } from '../src/form_js_errors.js'
import type { FormComponent, JsonObject } from '../src/schema_types.js'

const form = (...components: FormComponent[]) => ({ type: 'default', components })

interface Case {
  title: string
  components: FormComponent[]
  submitted: Record<string, unknown>
  options?: ValidateSubmissionOptions
  errors?: Record<string, string[]>
  values?: JsonObject
}

/** Runs a row of a table: an invalid case states its errors, a valid one its values. */
function judge() {
  return (
    { assert }: { assert: import('@japa/assert').Assert },
    { components, submitted, options, errors, values }: Case
  ) => {
    // given a form and what a client submitted
    // when the submission is validated
    const result = validateSubmission(form(...components), submitted, options)

    // then the verdict is form-js's
    if (errors) {
      assert.isFalse(result.valid)
      assert.deepEqual(result.errors, errors)
      assert.deepEqual(result.values, {})
    } else {
      assert.deepEqual(result.errors, {})
      assert.isTrue(result.valid)
      assert.deepEqual(result.values, values ?? {})
    }
  }
}

test.group('validateSubmission / values written', () => {
  const cases: Case[] = [
    {
      title: 'only the form keys are kept, nothing else the client sent',
      components: [{ type: 'textfield', key: 'name' }],
      submitted: { name: 'Nguyễn Văn A', isAdmin: true, __proto__x: 1 },
      values: { name: 'Nguyễn Văn A' },
    },
    {
      title: 'a field the client left out keeps what the form opened with',
      components: [
        { type: 'textfield', key: 'name' },
        { type: 'textfield', key: 'passportNo' },
        { type: 'checkbox', key: 'urgent' },
      ],
      submitted: { name: 'B' },
      options: { variables: { passportNo: 'C1234567', unrelated: 1 } },
      values: { name: 'B', passportNo: 'C1234567', urgent: false },
    },
    {
      title: 'default values fill what neither the client nor the process gave',
      components: [
        { type: 'textfield', key: 'country', defaultValue: 'Việt Nam' },
        { type: 'number', key: 'copies', defaultValue: 1 },
      ],
      submitted: {},
      values: { country: 'Việt Nam', copies: 1 },
    },
    {
      title: 'dotted keys and group paths nest the values',
      components: [
        { type: 'textfield', key: 'applicant.name' },
        {
          type: 'group',
          path: 'applicant.address',
          components: [{ type: 'textfield', key: 'city' }],
        },
        { type: 'group', components: [{ type: 'textfield', key: 'note' }] },
      ],
      submitted: {
        applicant: { name: 'A', address: { city: 'Hà Nội', zip: 'x' } },
        note: 'n',
        city: 'wrong place',
      },
      values: { applicant: { name: 'A', address: { city: 'Hà Nội' } }, note: 'n' },
    },
    {
      title: 'a number sent as text is stored as a number',
      components: [{ type: 'number', key: 'copies' }],
      submitted: { copies: '3' },
      values: { copies: 3 },
    },
    {
      title: 'a number with serializeToString is stored as text',
      components: [{ type: 'number', key: 'fee', serializeToString: true }],
      submitted: { fee: 12.5 },
      values: { fee: '12.5' },
    },
    {
      title: 'line breaks in a text field become spaces, as in the browser',
      components: [{ type: 'textfield', key: 'name' }],
      submitted: { name: 'A\nB' },
      values: { name: 'A B' },
    },
    {
      title: 'null means empty',
      components: [
        { type: 'textfield', key: 'name' },
        { type: 'checklist', key: 'docs', values: [{ label: 'A', value: 'a' }] },
      ],
      submitted: { name: null, docs: null },
      values: { name: '', docs: [] },
    },
  ]
  test('{title}').with(cases).run(judge())
})

test.group('validateSubmission / rules', () => {
  const cases: Case[] = [
    {
      title: 'a required field left empty is refused',
      components: [{ type: 'textfield', key: 'name', validate: { required: true } }],
      submitted: { name: '' },
      errors: { name: ['Field is required.'] },
    },
    {
      title: 'a required field the client left out is refused',
      components: [{ type: 'textfield', key: 'name', validate: { required: true } }],
      submitted: {},
      errors: { name: ['Field is required.'] },
    },
    {
      title: 'the messages come in Vietnamese',
      components: [{ type: 'textfield', key: 'name', validate: { required: true, minLength: 3 } }],
      submitted: { name: 'a' },
      options: { locale: 'vi' },
      errors: { name: ['Trường phải có độ dài tối thiểu 3 ký tự.'] },
    },
    {
      title: 'a custom pattern message is used',
      components: [
        {
          type: 'textfield',
          key: 'idNo',
          validate: { pattern: '^\\d{12}$', patternErrorMessage: 'Twelve digits.' },
        },
      ],
      submitted: { idNo: '12' },
      errors: { idNo: ['Twelve digits.'] },
    },
    {
      title: 'the custom pattern message is translated',
      components: [
        {
          type: 'textfield',
          id: 'idNo',
          key: 'idNo',
          validate: { pattern: '^\\d{12}$', patternErrorMessage: 'Twelve digits.' },
        },
      ],
      submitted: { idNo: '12' },
      options: {
        locale: 'vi',
        translations: { vi: { 'idNo.validate.patternErrorMessage': 'Gồm 12 chữ số.' } },
      },
      errors: { idNo: ['Gồm 12 chữ số.'] },
    },
    {
      title: 'number bounds given as FEEL read the process variables',
      components: [
        { type: 'number', key: 'amount', validate: { min: '=minAmount', max: '=minAmount * 10' } },
      ],
      submitted: { amount: 200 },
      options: { variables: { minAmount: 5 } },
      errors: { amount: ['Field must have maximum value of 50.'] },
    },
    {
      title: 'number bounds given as FEEL read the submitted data',
      components: [
        { type: 'number', key: 'limit' },
        { type: 'number', key: 'amount', validate: { max: '=limit' } },
      ],
      submitted: { limit: 10, amount: 11 },
      errors: { amount: ['Field must have maximum value of 10.'] },
    },
    {
      title: 'an email and a phone are checked',
      components: [
        { type: 'textfield', key: 'email', validate: { validationType: 'email' } },
        { type: 'textfield', key: 'phone', validate: { validationType: 'phone' } },
      ],
      submitted: { email: 'not an email', phone: '0912345678' },
      errors: {
        email: ['Field must be a valid email.'],
        phone: ['Field must be a valid  international phone number. (e.g. +4930664040900)'],
      },
    },
    {
      title: 'values of the wrong type are refused',
      components: [
        { type: 'textfield', key: 'name' },
        { type: 'number', key: 'copies' },
        { type: 'checkbox', key: 'urgent' },
        { type: 'checklist', key: 'docs', values: [{ label: 'A', value: 'a' }] },
        { type: 'filepicker', key: 'scan' },
      ],
      submitted: { name: 42, copies: 'many', urgent: 'yes', docs: 'a', scan: 7 },
      errors: {
        name: ['Value must be text.'],
        copies: ['Value is not a number.'],
        urgent: ['Value must be true or false.'],
        docs: ['Value must be a list.'],
        scan: ['Value must be a file reference.'],
      },
    },
  ]
  test('{title}').with(cases).run(judge())
})

test.group('validateSubmission / options', () => {
  const purpose: FormComponent = {
    type: 'select',
    key: 'purpose',
    values: [
      { label: 'Study', value: 'study' },
      { label: 'Work', value: 'work' },
    ],
  }
  const cases: Case[] = [
    {
      title: 'a static option is accepted',
      components: [purpose],
      submitted: { purpose: 'work' },
      values: { purpose: 'work' },
    },
    {
      title: 'a value outside the static options is refused',
      components: [purpose],
      submitted: { purpose: 'tourism' },
      errors: { purpose: ['Value is not one of the options.'] },
    },
    {
      title: 'options from a process variable (valuesKey) are used',
      components: [{ type: 'radio', key: 'embassy', valuesKey: 'embassies' }],
      submitted: { embassy: 'tokyo' },
      options: { variables: { embassies: [{ label: 'Tokyo', value: 'tokyo' }, 'paris'] } },
      values: { embassy: 'tokyo' },
    },
    {
      title: 'a value outside the variable options is refused',
      components: [{ type: 'radio', key: 'embassy', valuesKey: 'embassies' }],
      submitted: { embassy: 'berlin', embassies: ['berlin'] },
      options: { variables: { embassies: ['paris'] } },
      errors: { embassy: ['Value is not one of the options.'] },
    },
    {
      title: 'options from an expression (valuesExpression) are used',
      components: [
        {
          type: 'taglist',
          key: 'langs',
          valuesExpression: '=for l in languages return upper case(l)',
        },
      ],
      submitted: { langs: ['VI', 'EN'] },
      options: { variables: { languages: ['vi', 'en', 'fr'] } },
      values: { langs: ['VI', 'EN'] },
    },
    {
      title: 'a list value outside the expression options is refused',
      components: [{ type: 'checklist', key: 'langs', valuesExpression: '=languages' }],
      submitted: { langs: ['vi', 'de'] },
      options: { variables: { languages: ['vi', 'en'] } },
      errors: { langs: ['Value is not one of the options.'] },
    },
    {
      title: 'an option with an object value is compared deeply',
      components: [
        {
          type: 'select',
          key: 'unit',
          values: [{ label: 'Consular', value: { code: 'CD', level: 2 } }],
        },
      ],
      submitted: { unit: { level: 2, code: 'CD' } },
      values: { unit: { level: 2, code: 'CD' } },
    },
  ]
  test('{title}').with(cases).run(judge())
})

test.group('validateSubmission / dates and times', () => {
  const now = new Date('2025-06-15T10:00:00Z')
  const cases: Case[] = [
    {
      title: 'a date written as the picker writes it is accepted',
      components: [{ type: 'datetime', key: 'd', subtype: 'date' }],
      submitted: { d: '2025-02-28' },
      values: { d: '2025-02-28' },
    },
    {
      title: 'a date that does not exist is refused',
      components: [{ type: 'datetime', key: 'd', subtype: 'date' }],
      submitted: { d: '2025-02-30' },
      errors: { d: ['Value must be a date (YYYY-MM-DD).'] },
    },
    {
      title: 'a time with a UTC offset is accepted',
      components: [
        { type: 'datetime', key: 't', subtype: 'time', timeSerializingFormat: 'utc_offset' },
      ],
      submitted: { t: '14:30+07:00' },
      values: { t: '14:30+07:00' },
    },
    {
      title: 'a time without the offset its format asks for is refused',
      components: [
        { type: 'datetime', key: 't', subtype: 'time', timeSerializingFormat: 'utc_offset' },
      ],
      submitted: { t: '14:30' },
      errors: { t: ['Value must be a time (HH:mm±hh:mm).'] },
    },
    {
      title: 'a normalized date and time is accepted',
      components: [
        {
          type: 'datetime',
          key: 'at',
          subtype: 'datetime',
          timeSerializingFormat: 'utc_normalized',
        },
      ],
      submitted: { at: '2025-07-01T08:00Z' },
      values: { at: '2025-07-01T08:00Z' },
    },
    {
      title: 'a date and time in another format is refused',
      components: [
        { type: 'datetime', key: 'at', subtype: 'datetime', timeSerializingFormat: 'no_timezone' },
      ],
      submitted: { at: '01/07/2025 08:00' },
      errors: { at: ['Value must be a date and time (YYYY-MM-DDTHH:mm).'] },
    },
    {
      title: 'a past date is refused when disallowPassedDates is set',
      components: [{ type: 'datetime', key: 'd', subtype: 'date', disallowPassedDates: true }],
      submitted: { d: '2025-06-14' },
      options: { now, timeZone: 'Asia/Ho_Chi_Minh' },
      errors: { d: ['Date must not be in the past.'] },
    },
    {
      title: 'today is accepted when disallowPassedDates is set',
      components: [{ type: 'datetime', key: 'd', subtype: 'date', disallowPassedDates: true }],
      submitted: { d: '2025-06-15' },
      options: { now, timeZone: 'Asia/Ho_Chi_Minh' },
      values: { d: '2025-06-15' },
    },
    {
      title: 'a date and time is judged on its date in the form zone',
      components: [
        {
          type: 'datetime',
          key: 'at',
          subtype: 'datetime',
          timeSerializingFormat: 'utc_normalized',
          disallowPassedDates: true,
        },
      ],
      // 23:30 UTC on the 14th is already the 15th in Hanoi
      submitted: { at: '2025-06-14T23:30Z' },
      options: { now, timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' },
      values: { at: '2025-06-14T23:30Z' },
    },
  ]
  test('{title}').with(cases).run(judge())
})

test.group('validateSubmission / hidden, disabled and read-only fields', () => {
  const cases: Case[] = [
    {
      title: 'a hidden field is neither validated nor taken',
      components: [
        { type: 'checkbox', key: 'hasPassport' },
        {
          type: 'textfield',
          key: 'passportNo',
          validate: { required: true },
          conditional: { hide: '=not(hasPassport)' },
        },
      ],
      submitted: { hasPassport: false, passportNo: 'smuggled' },
      values: { hasPassport: false },
    },
    {
      title: 'a shown field is validated',
      components: [
        { type: 'checkbox', key: 'hasPassport' },
        {
          type: 'textfield',
          key: 'passportNo',
          validate: { required: true },
          conditional: { hide: '=not(hasPassport)' },
        },
      ],
      submitted: { hasPassport: true },
      errors: { passportNo: ['Field is required.'] },
    },
    {
      title: 'a condition reads the process variables',
      components: [{ type: 'textfield', key: 'note', conditional: { hide: '=status = "closed"' } }],
      submitted: { note: 'late' },
      options: { variables: { status: 'closed' } },
      values: {},
    },
    {
      title: 'the children of a hidden group are hidden',
      components: [
        { type: 'checkbox', key: 'married' },
        {
          type: 'group',
          path: 'spouse',
          conditional: { hide: '=married = false' },
          components: [{ type: 'textfield', key: 'name', validate: { required: true } }],
        },
      ],
      submitted: { married: false, spouse: { name: '' } },
      values: { married: false },
    },
    {
      title: 'a disabled field keeps nothing from the client and is not written',
      components: [
        { type: 'textfield', key: 'dossierNo', disabled: true, validate: { required: true } },
        { type: 'textfield', key: 'name' },
      ],
      submitted: { dossierNo: 'forged', name: 'A' },
      options: { variables: { dossierNo: 'HS-001' } },
      values: { name: 'A' },
    },
    {
      title: 'a read-only field keeps the process value',
      components: [{ type: 'textfield', key: 'dossierNo', readonly: true }],
      submitted: { dossierNo: 'forged' },
      options: { variables: { dossierNo: 'HS-001' } },
      values: { dossierNo: 'HS-001' },
    },
    {
      title: 'a field read-only by FEEL keeps the process value',
      components: [
        { type: 'checkbox', key: 'locked' },
        { type: 'number', key: 'fee', readonly: '=locked' },
      ],
      submitted: { locked: true, fee: 0 },
      options: { variables: { fee: 150000 } },
      values: { locked: true, fee: 150000 },
    },
    {
      title: 'a field whose FEEL read-only does not hold takes the client value',
      components: [
        { type: 'checkbox', key: 'locked' },
        { type: 'number', key: 'fee', readonly: '=locked' },
      ],
      submitted: { locked: false, fee: 0 },
      options: { variables: { fee: 150000 } },
      values: { locked: false, fee: 0 },
    },
    {
      title: 'an expression field is computed on the server',
      components: [
        { type: 'number', key: 'copies' },
        { type: 'number', key: 'unitFee' },
        { type: 'expression', key: 'total', expression: '=copies * unitFee', computeOn: 'change' },
      ],
      submitted: { copies: 3, unitFee: 50000, total: 1 },
      values: { copies: 3, unitFee: 50000, total: 150000 },
    },
    {
      title: 'chained expression fields settle whatever their order',
      components: [
        { type: 'expression', key: 'c', expression: '=b + 1', computeOn: 'change' },
        { type: 'expression', key: 'b', expression: '=a * 2', computeOn: 'presubmit' },
        { type: 'number', key: 'a' },
      ],
      submitted: { a: 5 },
      values: { c: 11, b: 10, a: 5 },
    },
  ]
  test('{title}').with(cases).run(judge())
})

test.group('validateSubmission / dynamic lists', () => {
  const members: FormComponent = {
    type: 'dynamiclist',
    id: 'members',
    path: 'members',
    isRepeating: true,
    allowAddRemove: true,
    components: [
      { type: 'textfield', id: 'memberName', key: 'name', validate: { required: true } },
      { type: 'checkbox', key: 'minor' },
      {
        type: 'textfield',
        key: 'guardian',
        conditional: { hide: '=not(this.minor)' },
        validate: { required: true },
      },
    ],
  }
  const cases: Case[] = [
    {
      title: 'each item is validated',
      components: [members],
      submitted: { members: [{ name: 'A' }, { name: '' }, { name: 'C', minor: true }] },
      errors: {
        'members.1.name': ['Field is required.'],
        'members.2.guardian': ['Field is required.'],
      },
    },
    {
      title: 'items keep only the list fields',
      components: [members],
      submitted: {
        members: [
          { name: 'A', role: 'x' },
          { name: 'B', minor: true, guardian: 'G' },
        ],
      },
      values: {
        members: [
          { name: 'A', minor: false },
          { name: 'B', minor: true, guardian: 'G' },
        ],
      },
    },
    {
      title: 'an emptied list is written empty',
      components: [members],
      submitted: { members: [] },
      options: { variables: { members: [{ name: 'Old' }] } },
      values: { members: [] },
    },
    {
      title: 'a list the client may not resize keeps its items',
      components: [{ ...members, allowAddRemove: false }],
      submitted: { members: [{ name: 'A' }, { name: 'B' }] },
      options: { variables: { members: [{ name: 'Old' }] } },
      errors: { members: ['Items cannot be added or removed (expected 1).'] },
    },
    {
      title: 'a list value that is not a list is refused',
      components: [members],
      submitted: { members: 'A' },
      // the list keeps the item it opened with, whose name is still required
      errors: {
        'members.0.name': ['Field is required.'],
        'members': ['Value must be a list of items.'],
      },
    },
    {
      title: 'nested lists are validated at every level',
      components: [
        {
          type: 'dynamiclist',
          path: 'outer',
          isRepeating: true,
          components: [
            {
              type: 'dynamiclist',
              path: 'inner',
              isRepeating: true,
              components: [{ type: 'number', key: 'value', validate: { required: true } }],
            },
          ],
        },
      ],
      submitted: { outer: [{ inner: [{ value: 1 }, { value: null }] }, { inner: [] }] },
      errors: { 'outer.0.inner.1.value': ['Field is required.'] },
    },
    {
      title: 'an item expression reads its item and the form',
      components: [
        { type: 'number', key: 'rate' },
        {
          type: 'dynamiclist',
          path: 'lines',
          isRepeating: true,
          components: [
            { type: 'number', key: 'qty' },
            {
              type: 'expression',
              key: 'amount',
              expression: '=this.qty * rate',
              computeOn: 'change',
            },
          ],
        },
      ],
      submitted: { rate: 2, lines: [{ qty: 3 }, { qty: 4, amount: 0 }] },
      values: {
        rate: 2,
        lines: [
          { qty: 3, amount: 6 },
          { qty: 4, amount: 8 },
        ],
      },
    },
  ]
  test('{title}').with(cases).run(judge())

  test('it should give the errors in the form-js shape too', ({ assert }) => {
    // given a list item and a top-level field with errors
    const result = validateSubmission(
      form({ type: 'textfield', id: 'title', key: 'title', validate: { required: true } }, members),
      { members: [{ name: 'A' }, { name: '' }] }
    )

    // when the errors are turned into form-js's shape
    const errors = toFormJsErrors(result.fieldErrors)

    // then they are keyed by field id and item index
    assert.deepEqual(errors, {
      title: ['Field is required.'],
      memberName: [undefined, ['Field is required.']],
    })
    assert.deepEqual(result.fieldErrors[1], {
      path: 'members.1.name',
      fieldId: 'memberName',
      key: 'name',
      indexes: [1],
      messages: ['Field is required.'],
    })
  })
})

test.group('validateSubmission / schemas', () => {
  test('it should refuse a malformed schema', ({ assert }) => {
    assert.throws(
      () =>
        validateSubmission({ type: 'default', components: [{ type: 'textfield', key: 3 }] }, {}),
      /components\[0\]\.key/
    )
  })
})
