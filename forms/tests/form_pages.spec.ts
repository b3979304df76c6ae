import { test } from '@japa/runner'
import { formPages, isPageComponent, pageOf } from '../src/form_pages.js'
import { checkFormSchema } from '../src/form_schema.js'
import { validateSubmission } from '../src/submission_validator.js'
import type { FormSchema } from '../src/schema_types.js'

const wizard: FormSchema = {
  type: 'default',
  id: 'passport-application',
  components: [
    { type: 'text', text: '# Đơn cấp hộ chiếu ngoại giao' },
    {
      type: 'group',
      id: 'applicant',
      label: 'Người đề nghị',
      path: 'applicant',
      properties: { page: 'true' },
      components: [
        { type: 'textfield', key: 'name', validate: { required: true } },
        { type: 'datetime', key: 'birthDate', subtype: 'date', validate: { required: true } },
      ],
    },
    {
      type: 'group',
      id: 'trip',
      label: 'Chuyến công tác',
      properties: { page: 'true' },
      components: [
        { type: 'textfield', key: 'destination', validate: { required: true } },
        {
          type: 'dynamiclist',
          path: 'companions',
          isRepeating: true,
          components: [{ type: 'textfield', key: 'name', validate: { required: true } }],
        },
      ],
    },
    {
      type: 'group',
      id: 'family',
      label: 'Gia đình',
      properties: { page: true },
      conditional: { hide: '=not(withFamily)' },
      components: [{ type: 'number', key: 'children', validate: { required: true } }],
    },
    { type: 'checkbox', key: 'confirmed', validate: { required: true } },
    { type: 'button', action: 'submit', label: 'Gửi' },
  ],
}

test.group('formPages', () => {
  test('it should list the pages with their fields, and the fields shown on every page', ({
    assert,
  }) => {
    // given a form whose top-level groups are marked as pages
    // when its pages are listed
    const pages = formPages(wizard)

    // then each page has its title, condition and keys
    assert.deepEqual(pages, [
      {
        index: 0,
        id: 'applicant',
        title: 'Người đề nghị',
        keys: ['applicant.name', 'applicant.birthDate'],
        commonKeys: ['confirmed'],
      },
      {
        index: 1,
        id: 'trip',
        title: 'Chuyến công tác',
        keys: ['destination', 'companions[].name'],
        commonKeys: ['confirmed'],
      },
      {
        index: 2,
        id: 'family',
        title: 'Gia đình',
        hide: '=not(withFamily)',
        keys: ['children'],
        commonKeys: ['confirmed'],
      },
    ])
  })

  test('it should see a form without pages as one page', ({ assert }) => {
    const pages = formPages({ type: 'default', components: [{ type: 'textfield', key: 'a' }] })
    assert.deepEqual(pages, [{ index: 0, id: 'page1', keys: ['a'], commonKeys: [] }])
  })

  test('it should keep the wizard a valid form-js schema', ({ assert }) => {
    assert.deepEqual(checkFormSchema(wizard).errors, [])
    assert.isTrue(isPageComponent(wizard.components[1]))
    assert.isFalse(isPageComponent(wizard.components[0]))
  })

  test('it should refuse a page the form does not have', ({ assert }) => {
    assert.throws(
      () => pageOf(wizard, 3),
      'Expected a page of the form, but got 3 (the form has 3 pages)'
    )
    assert.throws(
      () => pageOf(wizard, 'payment'),
      'Expected a page of the form, but got "payment" (the form has 3 pages)'
    )
  })
})

test.group('validateSubmission / one page', () => {
  const cases = [
    {
      title: 'the first page checks its own fields and the common ones only',
      page: 0 as number | string,
      submitted: { applicant: { name: 'Trần Thị B' } },
      errors: {
        'applicant.birthDate': ['Field is required.'],
        'confirmed': ['Field is required.'],
      },
    },
    {
      title: 'a page named by id checks its list items',
      page: 'trip',
      submitted: { destination: 'Genève', companions: [{ name: '' }], confirmed: true },
      errors: { 'companions.0.name': ['Field is required.'] },
    },
    {
      title: 'a page hidden by its condition has nothing to check',
      page: 'family',
      submitted: { confirmed: true },
      errors: {},
    },
  ]

  test('{title}')
    .with(cases)
    .run(({ assert }, { page, submitted, errors }) => {
      // given a wizard and the data entered so far
      // when one page is validated
      const result = validateSubmission(wizard, submitted, {
        page,
        variables: { withFamily: false },
      })

      // then only that page's fields (and the common ones) are judged
      assert.deepEqual(result.errors, errors)
      assert.equal(result.valid, Object.keys(errors).length === 0)
    })

  test('it should give the values of the page when it is valid', ({ assert }) => {
    const result = validateSubmission(
      wizard,
      { applicant: { name: 'B', birthDate: '1990-01-02' }, confirmed: true },
      { page: 0 }
    )
    assert.deepEqual(result.values, {
      applicant: { name: 'B', birthDate: '1990-01-02' },
      confirmed: true,
    })
  })
})
