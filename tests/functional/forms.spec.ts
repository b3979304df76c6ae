import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { demoUser } from '#tests/helpers'

const SCHEMA = {
  type: 'default',
  components: [
    {
      id: 'f1',
      type: 'textfield',
      key: 'fullName',
      label: 'Họ và tên',
      validate: { required: true, maxLength: 50 },
    },
    { id: 'f2', type: 'number', key: 'copies', label: 'Số bản', validate: { min: 1, max: 10 } },
    {
      id: 'f3',
      type: 'select',
      key: 'purpose',
      label: 'Mục đích',
      values: [
        { label: 'Du học', value: 'study' },
        { label: 'Lao động', value: 'work' },
      ],
    },
  ],
}

test.group('Studio / form library', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('it should create a form, autosave its draft, and list missing translations', async ({
    client,
    assert,
  }) => {
    const owner = await demoUser('owner')
    const created = await client
      .post('/api/forms')
      .json({ name: 'Đơn đề nghị', formId: 'legalization-application' })
      .loginAs(owner)
    created.assertStatus(201)
    assert.equal(created.body().document.schema.id, 'legalization-application')

    const saved = await client
      .put(`/api/forms/${created.body().id}/draft`)
      .json({ schema: SCHEMA, translations: { en: { 'f1.label': 'Full name' } }, revision: 1 })
      .loginAs(owner)
    saved.assertStatus(200)
    saved.assertBodyContains({ draftRevision: 2 })

    const shown = await client.get(`/api/forms/${created.body().id}`).loginAs(owner)
    const missing: string[] = shown.body().missingTranslations.en
    assert.notInclude(missing, 'f1.label')
    assert.include(missing, 'f2.label')

    const stale = await client
      .put(`/api/forms/${created.body().id}/draft`)
      .json({ schema: SCHEMA, revision: 1 })
      .loginAs(owner)
    stale.assertStatus(409)
  })

  test('it should refuse a malformed schema naming the component', async ({ client, assert }) => {
    const owner = await demoUser('owner')
    const created = (await client.post('/api/forms').json({ name: 'X' }).loginAs(owner)).body()
    const response = await client
      .put(`/api/forms/${created.id}/draft`)
      .json({
        schema: { type: 'default', components: [{ type: 'textfield', key: 42 }] },
        revision: 1,
      })
      .loginAs(owner)
    response.assertStatus(422)
    assert.match(response.body().errors[0].message, /components\[0\]\.key/)
  })

  test('it should validate a trial submission as a task completion would', async ({
    client,
    assert,
  }) => {
    const owner = await demoUser('owner')
    const created = (
      await client
        .post('/api/forms')
        .json({ name: 'Try', formId: 'try-form', schema: SCHEMA })
        .loginAs(owner)
    ).body()

    const invalid = await client
      .post(`/api/forms/${created.id}/try`)
      .json({ data: { copies: 11, purpose: 'tourism', extra: 'x' }, locale: 'en' })
      .loginAs(owner)
    invalid.assertStatus(200)
    assert.isFalse(invalid.body().valid)
    assert.properties(invalid.body().errors, ['fullName', 'copies', 'purpose'])

    const valid = await client
      .post(`/api/forms/${created.id}/try`)
      .json({ data: { fullName: 'Lê Văn A', copies: 2, purpose: 'study', extra: 'dropped' } })
      .loginAs(owner)
    assert.isTrue(valid.body().valid)
    assert.deepEqual(valid.body().values, { fullName: 'Lê Văn A', copies: 2, purpose: 'study' })

    const dictionary = await client.get(`/api/forms/${created.id}/dictionary`).loginAs(owner)
    assert.sameMembers(
      dictionary.body().items.map((entry: any) => entry.key),
      ['fullName', 'copies', 'purpose']
    )
  })
})
