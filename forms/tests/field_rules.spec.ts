import { test } from '@japa/runner'
import { evaluateValidate, formJsFieldErrors } from '../src/field_rules.js'
import type { FormComponent } from '../src/schema_types.js'

/**
 * The rules of form-js's viewer `Validator`, one row a case, with the
 * messages form-js gives (its English texts).
 */
const cases: Array<{ title: string; field: FormComponent; value: unknown; errors: string[] }> = [
  { title: 'a field without rules', field: { type: 'textfield' }, value: 'foobar', errors: [] },
  // required
  {
    title: 'a missing required value',
    field: { type: 'textfield', validate: { required: true } },
    value: undefined,
    errors: ['Field is required.'],
  },
  {
    title: 'an empty required text',
    field: { type: 'textfield', validate: { required: true } },
    value: '',
    errors: ['Field is required.'],
  },
  {
    title: 'a null required number',
    field: { type: 'number', validate: { required: true } },
    value: null,
    errors: ['Field is required.'],
  },
  {
    title: 'a required zero',
    field: { type: 'number', validate: { required: true } },
    value: 0,
    errors: [],
  },
  {
    title: 'an unchecked required checkbox',
    field: { type: 'checkbox', validate: { required: true } },
    value: false,
    errors: ['Field is required.'],
  },
  {
    title: 'a checked required checkbox',
    field: { type: 'checkbox', validate: { required: true } },
    value: true,
    errors: [],
  },
  {
    title: 'an empty required checklist',
    field: { type: 'checklist', validate: { required: true } },
    value: [],
    errors: ['Field is required.'],
  },
  {
    title: 'a filled required taglist',
    field: { type: 'taglist', validate: { required: true } },
    value: ['a'],
    errors: [],
  },
  // lengths
  {
    title: 'a text shorter than minLength',
    field: { type: 'textfield', validate: { minLength: 5 } },
    value: 'foo',
    errors: ['Field must have minimum length of 5.'],
  },
  {
    title: 'a text padded to minLength (trimmed first)',
    field: { type: 'textfield', validate: { minLength: 5 } },
    value: '  foo  ',
    errors: ['Field must have minimum length of 5.'],
  },
  {
    title: 'a text longer than maxLength',
    field: { type: 'textarea', validate: { maxLength: 3 } },
    value: 'foobar',
    errors: ['Field must have maximum length of 3.'],
  },
  {
    title: 'an empty text with a minLength (not checked)',
    field: { type: 'textfield', validate: { minLength: 5 } },
    value: '',
    errors: [],
  },
  // pattern
  {
    title: 'a text not matching the pattern',
    field: { type: 'textfield', validate: { pattern: '^[A-Z]+$' } },
    value: 'abc',
    errors: ['Field must match pattern ^[A-Z]+$.'],
  },
  {
    title: 'a text matching the pattern',
    field: { type: 'textfield', validate: { pattern: '^[A-Z]+$' } },
    value: 'ABC',
    errors: [],
  },
  {
    title: 'an unanchored pattern (as form-js, matched anywhere)',
    field: { type: 'textfield', validate: { pattern: '[0-9]' } },
    value: 'abc1',
    errors: [],
  },
  {
    title: 'a pattern with its custom message',
    field: {
      type: 'textfield',
      validate: { pattern: '^\\d{12}$', patternErrorMessage: 'Số CCCD gồm 12 chữ số.' },
    },
    value: '123',
    errors: ['Số CCCD gồm 12 chữ số.'],
  },
  // min / max
  {
    title: 'a number below min',
    field: { type: 'number', validate: { min: 10 } },
    value: 5,
    errors: ['Field must have minimum value of 10.'],
  },
  {
    title: 'a number above max',
    field: { type: 'number', validate: { max: 10 } },
    value: 11,
    errors: ['Field must have maximum value of 10.'],
  },
  {
    title: 'zero below min (zero is a value)',
    field: { type: 'number', validate: { min: 1 } },
    value: 0,
    errors: ['Field must have minimum value of 1.'],
  },
  {
    title: 'a number on its bounds',
    field: { type: 'number', validate: { min: 1, max: 3 } },
    value: 3,
    errors: [],
  },
  {
    title: 'a decimal text below min, compared exactly',
    field: { type: 'number', serializeToString: true, validate: { min: '0.3' } },
    value: '0.29999999999999999',
    errors: ['Field must have minimum value of 0.3.'],
  },
  {
    title: 'a min that is not a number',
    field: { type: 'number', validate: { min: 'ten' } },
    value: 5,
    errors: ['Min validation value is not a valid number.'],
  },
  // number specifics
  { title: 'NaN', field: { type: 'number' }, value: 'NaN', errors: ['Value is not a number.'] },
  {
    title: 'too many decimals for an integer field',
    field: { type: 'number', decimalDigits: 0 },
    value: 1.5,
    errors: ['Value is expected to be an integer.'],
  },
  {
    title: 'too many decimals',
    field: { type: 'number', decimalDigits: 2 },
    value: 1.005,
    errors: ['Value is expected to have at most 2 decimal digits.'],
  },
  {
    title: 'too many decimals for one digit',
    field: { type: 'number', decimalDigits: 1 },
    value: 1.05,
    errors: ['Value is expected to have at most 1 decimal digit.'],
  },
  {
    title: 'trailing zeros (not decimals)',
    field: { type: 'number', decimalDigits: 1, serializeToString: true },
    value: '1.500',
    errors: [],
  },
  {
    title: 'a value off the increment',
    field: { type: 'number', increment: 5 },
    value: 7,
    errors: ['Please select a valid value, the two nearest valid values are 5 and 10.'],
  },
  {
    title: 'a decimal off the increment',
    field: { type: 'number', increment: '0.1' },
    value: 0.35,
    errors: ['Please select a valid value, the two nearest valid values are 0.3 and 0.4.'],
  },
  {
    title: 'a decimal on the increment, exactly',
    field: { type: 'number', increment: '0.1' },
    value: 0.3,
    errors: [],
  },
  {
    title: 'a negative value off the increment (remainder keeps the sign)',
    field: { type: 'number', increment: 5 },
    value: -7,
    errors: ['Please select a valid value, the two nearest valid values are -5 and 0.'],
  },
  // email and phone
  {
    title: 'a valid email',
    field: { type: 'textfield', validate: { validationType: 'email' } },
    value: 'lanh.su@mofa.gov.vn',
    errors: [],
  },
  {
    title: 'an invalid email',
    field: { type: 'textfield', validate: { validationType: 'email' } },
    value: 'lanh.su@',
    errors: ['Field must be a valid email.'],
  },
  {
    title: 'a valid international phone',
    field: { type: 'textfield', validate: { validationType: 'phone' } },
    value: '+84912345678',
    errors: [],
  },
  {
    title: 'a phone with 00 prefix',
    field: { type: 'textfield', validate: { validationType: 'phone' } },
    value: '004930664040900',
    errors: [],
  },
  {
    title: 'a national phone number',
    field: { type: 'textfield', validate: { validationType: 'phone' } },
    value: '0912345678',
    errors: ['Field must be a valid  international phone number. (e.g. +4930664040900)'],
  },
  {
    title: 'a phone with spaces',
    field: { type: 'textfield', validate: { validationType: 'phone' } },
    value: '+84 912 345 678',
    errors: ['Field must be a valid  international phone number. (e.g. +4930664040900)'],
  },
  // several at once, in form-js's order
  {
    title: 'a value breaking pattern and minLength',
    field: { type: 'textfield', validate: { pattern: '^[a-z]+$', minLength: 5 } },
    value: 'AB',
    errors: ['Field must match pattern ^[a-z]+$.', 'Field must have minimum length of 5.'],
  },
]

test.group('formJsFieldErrors', () => {
  test('it should judge {title}')
    .with(cases)
    .run(({ assert }, { field, value, errors }) => {
      // given a field and a value
      // when form-js's rules are applied
      const result = formJsFieldErrors(field, value, field.validate)

      // then the messages are form-js's
      assert.deepEqual(result, errors)
    })

  test('it should give the messages in Vietnamese', ({ assert }) => {
    // given a required field left empty and a short text
    // when validated in Vietnamese
    const required = formJsFieldErrors({ type: 'textfield' }, '', { required: true }, 'vi')
    const short = formJsFieldErrors({ type: 'textfield' }, 'ab', { minLength: 3 }, 'vi-VN')

    // then the messages are Vietnamese
    assert.deepEqual(required, ['Trường này là bắt buộc.'])
    assert.deepEqual(short, ['Trường phải có độ dài tối thiểu 3 ký tự.'])
  })
})

test.group('evaluateValidate', () => {
  test('it should evaluate FEEL bounds in the field context', ({ assert }) => {
    // given bounds written as FEEL
    const validate = { min: '=minimum', max: '=minimum * 10', minLength: '=2', required: true }

    // when evaluated with the form's data
    const evaluated = evaluateValidate(validate, { minimum: 5 })

    // then they become numbers and the other rules stay
    assert.deepEqual(evaluated, { min: 5, max: 50, minLength: 2, required: true })
  })

  test('it should drop a rule whose expression gives null', ({ assert }) => {
    // given a bound that reads a missing variable
    const evaluated = evaluateValidate({ min: '=missing', max: 3 }, {})

    // then the rule is dropped, as form-js does
    assert.deepEqual(evaluated, { max: 3 })
    assert.deepEqual(formJsFieldErrors({ type: 'number' }, -100, evaluated), [])
  })
})
