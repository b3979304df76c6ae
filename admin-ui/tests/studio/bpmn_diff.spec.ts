import { describe, expect, it } from 'vitest'
import { diffDefinitions } from '../../src/studio/bpmn_diff'
import { definitionsOf, fixture } from './support'

describe('studio/bpmn_diff', () => {
  it('should name the elements added, removed and changed between two versions', async () => {
    // given version 1, and version 2 without the archive step, with a timer and a leader role
    const before = await definitionsOf(fixture('dossier_v1.bpmn'))
    const after = await definitionsOf(fixture('dossier_v2.bpmn'))

    // when
    const changes = diffDefinitions(before, after)

    // then
    const byKind = (kind: string) =>
      changes
        .filter((change) => change.kind === kind)
        .map((change) => change.id)
        .sort()
    expect(byKind('removed')).toEqual(['archive', 'f2', 'f3'])
    expect(byKind('added')).toEqual(['f4', 'late'])
    // (a connection that changed is its own difference: its ends are not marked)
    expect(byKind('changed')).toEqual(['check'])
    const check = changes.find((change) => change.id === 'check')!
    expect(check.properties).toContain('zeebe:AssignmentDefinition')
    expect(changes[0].kind).toBe('removed')
  })

  it('should see no difference when only the layout moved', async () => {
    // given the same model with a shape moved
    const before = await definitionsOf(fixture('dossier_v1.bpmn'))
    const after = await definitionsOf(
      fixture('dossier_v1.bpmn').replace('<dc:Bounds x="240" y="78"', '<dc:Bounds x="250" y="200"')
    )

    expect(diffDefinitions(before, after)).toEqual([])
  })

  it('should see a changed condition on a sequence flow', async () => {
    const xml = fixture('generated_without_diagram.bpmn')
    const before = await definitionsOf(xml)
    const after = await definitionsOf(xml.replace('= missingPapers', '= count(missing) > 0'))

    expect(diffDefinitions(before, after)).toEqual([
      {
        id: 'toAsk',
        kind: 'changed',
        type: 'bpmn:SequenceFlow',
        name: '',
        properties: ['conditionExpression'],
      },
    ])
  })
})
