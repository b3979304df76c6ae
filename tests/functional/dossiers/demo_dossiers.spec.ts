import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { createLivingDemoDossiers, loadDemoDossiers, sampleFormData } from '#services/demo_dossiers'

const FIXTURES = app.makePath('tests/fixtures/dossiers')

test.group('Demo dossiers', () => {
  test('it should fill a form with what a person would: decisions, first options, minimums, dates', ({
    assert,
  }) => {
    const data = sampleFormData(
      {
        components: [
          { type: 'textfield', key: 'applicant.fullName' },
          { type: 'textfield', key: 'email', validate: { validationType: 'email' } },
          { type: 'number', key: 'copies', validate: { min: 2 } },
          {
            type: 'select',
            key: 'completeness',
            values: [{ value: 'incomplete' }, { value: 'complete' }],
          },
          { type: 'radio', key: 'kind', values: [{ value: 'a' }, { value: 'b' }] },
          { type: 'group', components: [{ type: 'checkbox', key: 'confirmed' }] },
          { type: 'text', text: 'no key' },
        ],
      },
      { completeness: 'complete' },
      { name: 'Lê Thu Trang' }
    )
    assert.deepEqual(data, {
      applicant: { fullName: 'Lê Thu Trang' },
      email: 'demo@example.vn',
      copies: 2,
      completeness: 'complete',
      kind: 'a',
      confirmed: true,
    })
  })

  test('it should record past dossiers and drive living ones through the procedure to varied states', async ({
    assert,
  }) => {
    // given the fixture procedure (its portal connector may be missing here: synchronisation is then skipped)
    const count = async (where: Record<string, unknown> = {}) =>
      Number(
        (
          await db
            .from('dossiers')
            .where({ procedure_code: 'sample-certification', ...where })
            .count('* as total')
            .first()
        )?.total ?? 0
      )
    const before = await count()

    // when the demo loads
    const { historic } = await loadDemoDossiers({ directory: FIXTURES, force: true })
    const living = await createLivingDemoDossiers({ procedures: ['sample-certification'] })

    // then past dossiers are closed with back-dated dates, and living ones run real instances
    assert.equal(historic, 8 * (await db.from('procedures').count('* as total').first()).total)
    assert.isAtLeast(living.dossiers, 8)
    assert.isAtLeast(await count(), before + 16)
    assert.isAtLeast(await count({ status: 'returned' }), 6)
    const late = await db
      .from('dossiers')
      .where('procedure_code', 'sample-certification')
      .whereNotNull('returned_at')
      .whereRaw('returned_at > due_at')
      .count('* as total')
      .first()
    assert.isAtLeast(Number(late.total), 2)
    const statuses = new Set(
      (
        await db
          .from('dossiers')
          .where('procedure_code', 'sample-certification')
          .whereNotNull('process_instance_key')
          .select('status')
      ).map((row) => row.status)
    )
    assert.isAtLeast(statuses.size, 2)
  }).timeout(120_000)
})
