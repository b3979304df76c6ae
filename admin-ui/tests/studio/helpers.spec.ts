import { describe, expect, it } from 'vitest'
import { formatCandidates, isRoleGroup, parseCandidates } from '../../src/studio/assignment'
import { idFromName, withSuffix } from '../../src/studio/identifiers'
import { localizeFormJsMessage } from '../../src/studio/form_viewer'
import { connectorIcon } from '../../src/studio/modeler/connector_palette'
import { createTranslate } from '../../src/studio/modeler/translate'

describe('studio helpers', () => {
  it('should read candidate lists as values, or keep a FEEL expression whole', () => {
    expect(parseCandidates(' CONSULAR-LEGAL, leader,,CONSULAR-LEGAL ')).toEqual({
      values: ['CONSULAR-LEGAL', 'leader'],
      expression: null,
    })
    expect(parseCandidates('= [unitCode, "OFFICE"]')).toEqual({
      values: [],
      expression: '= [unitCode, "OFFICE"]',
    })
    expect(parseCandidates(undefined)).toEqual({ values: [], expression: null })
    expect(formatCandidates(['CONSULAR-LEGAL', ' leader ', '', 'leader'])).toBe(
      'CONSULAR-LEGAL, leader'
    )
    expect(isRoleGroup('leader')).toBe(true)
    expect(isRoleGroup('CONSULAR')).toBe(false)
  })

  it('should make readable ids from Vietnamese names', () => {
    expect(idFromName('Đơn đề nghị hợp pháp hóa lãnh sự')).toBe('don-de-nghi-hop-phap-hoa-lanh-su')
    expect(idFromName('  2024: Báo cáo  ')).toBe('form-2024-bao-cao')
    expect(idFromName('!!!')).toBe('form')
    expect(idFromName('x'.repeat(80))).toHaveLength(48)
    expect(withSuffix('don-de-nghi')).toMatch(/^don-de-nghi-[0-9a-f]{4}$/)
  })

  it('should say form-js validation messages in Vietnamese, keeping unknown ones', () => {
    expect(localizeFormJsMessage('Field is required.', 'vi')).toBe('Trường này là bắt buộc.')
    expect(localizeFormJsMessage('Field must have minimum length of 3.', 'vi')).toBe(
      'Trường phải có độ dài tối thiểu 3 ký tự.'
    )
    expect(localizeFormJsMessage('Value is expected to have at most 2 decimal digits.', 'vi')).toBe(
      'Giá trị chỉ được có tối đa 2 chữ số thập phân.'
    )
    expect(localizeFormJsMessage('Field is required.', 'en')).toBe('Field is required.')
    expect(localizeFormJsMessage('Mã hồ sơ gồm 12 chữ số.', 'en')).toBe('Mã hồ sơ gồm 12 chữ số.')
  })

  it('should translate the modeler texts with their placeholders, and fall back to English', () => {
    const translate = createTranslate(() => ({ 'Open {element}': 'Mở {element}' }))

    expect(translate('Open {element}', { element: 'Task_1' })).toBe('Mở Task_1')
    expect(translate('Unknown {thing}', {})).toBe('Unknown {thing}')
    expect(createTranslate(() => null)('Create task')).toBe('Create task')
  })

  it('should draw a connector icon with the initials of its name', () => {
    const icon = decodeURIComponent(connectorIcon('Cổng Dịch vụ công <quốc gia>').split(',')[1])

    expect(icon).toContain('>CD</text>')
    expect(connectorIcon('')).toContain('data:image/svg+xml')
  })
})
