import { describe, expect, it } from 'vitest'
import {
  layoutDiagram,
  needsLayout,
  nodesWithoutShape,
  prepareForLayout,
  withDiagram,
} from '../../src/studio/diagram_layout'
import { fixture } from './support'

describe('studio/diagram_layout', () => {
  it('should tell a file without diagram information from a drawn one', () => {
    expect(needsLayout(fixture('generated_without_diagram.bpmn'))).toBe(true)
    expect(nodesWithoutShape(fixture('generated_without_diagram.bpmn'))).toEqual([
      'apply',
      'review',
      'decision',
      'ask',
      'issue',
      'issued',
    ])
    expect(needsLayout(fixture('dossier_v1.bpmn'))).toBe(false)
  })

  it('should fill in the incoming and outgoing flows a generated file leaves out', () => {
    // when
    const prepared = new DOMParser().parseFromString(
      prepareForLayout(fixture('generated_without_diagram.bpmn')),
      'application/xml'
    )

    // then the gateway names its flows, incoming first, after its extension elements
    const decision = prepared.querySelector('[id="decision"]')!
    expect(
      [...decision.children].map((child) => `${child.localName}:${child.textContent}`)
    ).toEqual(['incoming:s2', 'outgoing:toAsk', 'outgoing:toIssue'])
    const review = prepared.querySelector('[id="review"]')!
    expect([...review.children].map((child) => child.localName)).toEqual([
      'extensionElements',
      'incoming',
      'incoming',
      'outgoing',
    ])
  })

  it('should lay out a file without a diagram so that every element is drawn', async () => {
    // given a generated procedure
    const xml = fixture('generated_without_diagram.bpmn')

    // when
    const laidOut = await layoutDiagram(xml)

    // then every flow node has a shape and every flow an edge; the Zeebe settings are kept
    expect(nodesWithoutShape(laidOut)).toEqual([])
    const document = new DOMParser().parseFromString(laidOut, 'application/xml')
    const edges = [...document.getElementsByTagName('*')].filter(
      (element) => element.localName === 'BPMNEdge'
    )
    expect(edges.map((edge) => edge.getAttribute('bpmnElement')).sort()).toEqual(
      ['s1', 's2', 's3', 's4', 'toAsk', 'toIssue'].sort()
    )
    expect(laidOut).toContain('candidateGroups="CONSULAR-PASSPORT"')
    expect(laidOut).toContain('type="issue-passport"')
  })

  it('should leave a drawn file as it is', async () => {
    const xml = fixture('dossier_v1.bpmn')

    expect(await withDiagram(xml)).toEqual({ xml, laidOut: false })
  })

  it('should refuse text that is not XML', () => {
    expect(() => needsLayout('not <xml')).toThrow(/not well-formed/)
  })
})
