import { isPageComponent, pageOf, type FormComponent, type FormSchema } from '@senflow/forms'

/** Top-level components that stay outside pages (shown on every page). */
function staysOutside(component: FormComponent) {
  return component.type === 'button'
}

function pageGroup(id: string, label: string, components: FormComponent[]): FormComponent {
  return { type: 'group', id, label, showOutline: true, properties: { page: 'true' }, components }
}

function freePageId(schema: FormSchema) {
  const taken = new Set<string>()
  const walk = (components: FormComponent[] | undefined) => {
    for (const component of components ?? []) {
      if (typeof component.id === 'string') taken.add(component.id)
      walk(component.components)
    }
  }
  walk(schema.components)
  let index = 1
  while (taken.has(`Page_${index}`)) index++
  return `Page_${index}`
}

/**
 * Adds a page to a form (a wizard for long applications: a top-level
 * group with the custom property `page: "true"`, see forms/README.md).
 * A form without pages first gets its fields moved into page 1 (buttons
 * stay outside, on every page), then an empty page is added before the
 * trailing buttons. `title(n)` names page n. Answers a new schema.
 */
export function addPage(schema: FormSchema, title: (number: number) => string): FormSchema {
  const components = [...(schema.components ?? [])]
  let pages = components.filter(isPageComponent)
  let result = components
  if (pages.length === 0) {
    const inside = components.filter((component) => !staysOutside(component))
    const outside = components.filter(staysOutside)
    const first = pageGroup(freePageId(schema), title(1), inside)
    result = [first, ...outside]
    pages = [first]
  }
  const next = pageGroup(freePageId({ ...schema, components: result }), title(pages.length + 1), [])
  const lastPage = result.lastIndexOf(pages[pages.length - 1])
  result = [...result.slice(0, lastPage + 1), next, ...result.slice(lastPage + 1)]
  return { ...schema, components: result }
}

/**
 * The schema of one page of a wizard (index from 0): the page's group and
 * the components outside every page; the whole schema when the form has
 * no pages.
 */
export function pageSchema(schema: FormSchema, index: number): FormSchema {
  return { ...schema, components: pageOf(schema, index) }
}
