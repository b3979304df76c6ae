import { test } from '@japa/runner'
import { fromPortalDate, isPortalDate, toPortalDate } from '../../src/portal/portal_date.js'
import {
  PORTAL_DOSSIER_STATUSES,
  isPortalStatusCode,
  portalStatus,
} from '../../src/portal/portal_status.js'

test.group('portal dates', () => {
  test('it should write {0} as {1} in Vietnam time')
    .with([
      ['2025-03-01T01:30:00Z', '20250301083000'],
      ['2025-03-01T08:30:00+07:00', '20250301083000'],
      ['2025-03-01T08:30:00', '20250301083000'],
      ['2025-12-31T20:00:00-05:00', '20260101080000'],
      ['2025-03-01', '20250301000000'],
      ['20250301083000', '20250301083000'],
    ])
    .run(({ assert }, [input, expected]) => {
      assert.equal(toPortalDate(input), expected)
    })

  test('it should read portal dates back as ISO-8601 with the +07:00 offset', ({ assert }) => {
    assert.equal(fromPortalDate('20250301083000'), '2025-03-01T08:30:00+07:00')
    assert.isTrue(isPortalDate('20240229235959'))
    assert.isFalse(isPortalDate('20250230120000'))
    assert.isFalse(isPortalDate('2025-03-01'))
    assert.throws(() => toPortalDate('next Monday'), RangeError)
  })
})

test.group('portal statuses', () => {
  test('it should know the ten statuses by code', ({ assert }) => {
    assert.lengthOf(PORTAL_DOSSIER_STATUSES, 10)
    assert.equal(portalStatus(1)?.name, 'Mới đăng ký')
    assert.equal(portalStatus('4')?.name, 'Đang xử lý')
    assert.equal(portalStatus(10)?.name, 'Đã trả kết quả')
    assert.isTrue(isPortalStatusCode('9'))
    assert.isFalse(isPortalStatusCode(0))
    assert.isFalse(isPortalStatusCode(11))
    assert.isFalse(isPortalStatusCode('4.5'))
  })
})
