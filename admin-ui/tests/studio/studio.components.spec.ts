import { afterEach, describe, expect, it, vi } from 'vitest'
import AutosaveStatus from '../../src/components/studio/AutosaveStatus.vue'
import ProblemsPanel from '../../src/components/studio/ProblemsPanel.vue'
import ElementStudioPanel from '../../src/components/studio/ElementStudioPanel.vue'
import type { ModelProblem } from '../../src/studio/lint/model_problems'
import type { ElementSummary } from '../../src/studio/modeler/zeebe_properties'
import { useUnitsStore } from '../../src/stores/units.store'
import { apiUnit, fakeServer } from '../support/fake_server'
import { mountInApp } from '../support/mount'

const PROBLEMS: ModelProblem[] = [
  {
    source: 'lint',
    severity: 'error',
    elementId: 'archive',
    elementName: 'Lưu trữ',
    rule: 'implementation',
    message: 'Element of type <bpmn:ServiceTask> must have one extension element',
  },
  { source: 'engine', severity: 'error', elementId: null, message: 'Expected a start event' },
  { source: 'lint', severity: 'warning', elementId: 'x', rule: 'unknown-rule', message: 'Advice' },
]

function userTask(changes: Partial<ElementSummary> = {}): ElementSummary {
  return {
    id: 'check',
    type: 'bpmn:UserTask',
    name: 'Kiểm tra hồ sơ',
    assignable: true,
    formLinkable: true,
    connectable: false,
    candidateGroups: 'CONSULAR-LEGAL, leader, NO-SUCH-UNIT',
    candidateUsers: 'staff@demo.senflow.local',
    assignee: '',
    formId: '',
    templateId: '',
    templateName: '',
    ...changes,
  }
}

describe('studio components', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('AutosaveStatus should say where the draft stands, politely', () => {
    const { wrapper } = mountInApp(AutosaveStatus, { props: { state: 'conflict', savedAt: null } })

    expect(wrapper.attributes('role')).toBe('status')
    expect(wrapper.attributes('data-state')).toBe('conflict')
    expect(wrapper.text()).toBe('Chưa lưu được: đã có bản mới hơn')
  })

  it('ProblemsPanel should explain known rules in the UI language and name the elements', async () => {
    // given the problems of a model, in English
    const { wrapper } = mountInApp(ProblemsPanel, {
      props: { problems: PROBLEMS, checking: false, open: true },
      locale: 'en',
    })

    // then the counts, the explanation of a known rule with the raw message, and the sources
    expect(wrapper.get('[data-test="problem-errors"]').text()).toBe('Errors: 2')
    const items = wrapper.findAll('li')
    expect(items[0].text()).toContain('The task does not say who does the work')
    expect(items[0].find('[lang="en"]').text()).toContain('must have one extension element')
    expect(items[1].text()).toContain('Whole model')
    expect(items[1].text()).toContain('Engine')
    expect(items[2].text()).toContain('Advice')

    // when an element is chosen, it is selected on the canvas
    await items[0].get('button').trigger('click')
    expect(wrapper.emitted('select')).toEqual([['archive']])
  })

  it('ElementStudioPanel should show who a task is offered to in words, and unknown units', async () => {
    // given the units of the organisation
    fakeServer({ 'GET /api/forms': () => ({ body: { items: [] } }) })
    const { wrapper, pinia } = mountInApp(ElementStudioPanel, {
      props: { element: userTask(), templates: [] },
    })
    useUnitsStore(pinia).byId = {
      3: { ...apiUnit(3, 'CONSULAR-LEGAL', null), nameVi: 'Phòng Hợp pháp hóa lãnh sự' },
    }
    await wrapper.vm.$nextTick()

    // then units by name, roles by label, people by email, and an unknown code marked
    const chips = wrapper.findAll('[data-test="assignment-summary"] li').map((chip) => chip.text())
    expect(chips).toEqual([
      'Phòng Hợp pháp hóa lãnh sự',
      'Vai trò: Lãnh đạo',
      'NO-SUCH-UNIT',
      'staff@demo.senflow.local',
    ])
    expect(wrapper.find('[data-test="assignment-summary"] .badge--danger').text()).toBe(
      'NO-SUCH-UNIT'
    )
    expect(wrapper.find('[data-test="form-summary"]').text()).toContain('Không có biểu mẫu.')
    expect(wrapper.find('[data-test="connector-summary"]').exists()).toBe(false)
  })
})
