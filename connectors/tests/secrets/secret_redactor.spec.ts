import { test } from '@japa/runner'
import { REDACTED, SecretRedactor, sensitiveForms } from '../../src/secrets/secret_redactor.js'

test.group('SecretRedactor', () => {
  test('it should redact a secret in every form it can reappear in', ({ assert }) => {
    // given
    const secret = 'p@ss w/rd+ü'
    const redactor = new SecretRedactor()
    redactor.add(secret)

    // when
    const texts = sensitiveForms(secret).map((form) => redactor.redact(`before ${form} after`))

    // then
    for (const text of texts) assert.equal(text, `before ${REDACTED} after`)
    assert.includeMembers(sensitiveForms(secret), [
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      'p%40ss+w%2Frd%2B%C3%BC',
    ])
  })

  test('it should redact the longer of two overlapping secrets whole', ({ assert }) => {
    // given
    const redactor = new SecretRedactor()
    redactor.add('abc')
    redactor.add('abcdef')

    // when
    const text = redactor.redact('x abcdef y abc z')

    // then
    assert.equal(text, `x ${REDACTED} y ${REDACTED} z`)
  })

  test('it should redact strings and keys deep inside values without touching other types', ({
    assert,
  }) => {
    // given
    const redactor = new SecretRedactor()
    redactor.add('s3cr3t')

    // when
    const value = redactor.redactValue({
      list: ['a s3cr3t', 1, true, null],
      nested: { s3cr3t: 'ok' },
    })

    // then
    assert.deepEqual(value, {
      list: [`a ${REDACTED}`, 1, true, null],
      nested: { [REDACTED]: 'ok' },
    })
  })
})
