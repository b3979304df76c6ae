import type { ModelProblem } from './model_problems'

/**
 * An element of a model that links a form from the library
 * (`zeebe:formDefinition formId`).
 */
export interface FormLink {
  elementId: string
  formId: string
}

/**
 * What the studio knows of a form of the library.
 */
export interface LibraryForm {
  status: 'draft' | 'published'
}

/**
 * The studio's own check of linked forms: a form that is not in the
 * library, or was never published, would leave the task without a form at
 * run time (the engine resolves forms only then), so publishing the
 * process is refused until it is.
 */
export function formLinkProblems(
  links: readonly FormLink[],
  library: Readonly<Record<string, LibraryForm | undefined>>
): ModelProblem[] {
  return links.flatMap(({ elementId, formId }): ModelProblem[] => {
    const form = library[formId]
    if (form?.status === 'published') return []
    return [
      {
        source: 'studio',
        severity: 'error',
        elementId,
        rule: form ? 'form-not-published' : 'form-missing',
        message: form
          ? `The form "${formId}" is a draft that was never published`
          : `No form with id "${formId}" is in the form library`,
      },
    ]
  })
}
