import { describe, expect, it } from 'vitest'
import { formLinkProblems } from '../../src/studio/lint/form_links'

describe('studio/lint/form_links', () => {
  it('should refuse forms that are drafts or missing from the library', () => {
    // given three tasks: one with a published form, one with a draft, one with an unknown form
    const links = [
      { elementId: 'check', formId: 'check-form' },
      { elementId: 'review', formId: 'review-form' },
      { elementId: 'sign', formId: 'gone' },
    ]
    const library = {
      'check-form': { status: 'published' as const },
      'review-form': { status: 'draft' as const },
    }

    // when
    const problems = formLinkProblems(links, library)

    // then
    expect(problems.map((problem) => [problem.elementId, problem.severity, problem.rule])).toEqual([
      ['review', 'error', 'form-not-published'],
      ['sign', 'error', 'form-missing'],
    ])
    expect(problems.every((problem) => problem.source === 'studio')).toBe(true)
  })
})
