/**
 * Multi-page forms (a wizard for long applications), as a convention that
 * keeps the schema a plain form-js schema:
 *
 * - a page is a top-level `group` whose custom properties (the "Custom
 *   properties" of the form-js editor) hold `page: "true"`; its `label` is
 *   the page title, its `conditional.hide` skips the page;
 * - the pages come in the order of the schema;
 * - top-level components outside every page (an introduction, the submit
 *   button, a field shown throughout) belong to every page;
 * - a form without a page is one page.
 *
 * form-js renders such a form as one long form of groups, so it still
 * works where the wizard does not; the admin UI shows one page at a time,
 * and the server validates one step with `validateSubmission(…, { page })`.
 */
import { formatBindingPath, walkComponents } from './component_tree.js'
import { fieldTypeConfig } from './schema_types.js'
import type { FormComponent, FormSchema } from './schema_types.js'

/** One page of a form. */
export interface FormPage {
  /** The page's position, from 0. */
  index: number
  /** The page group's id, or `page<n>` (from 1) when it has none. */
  id: string
  /** The page group's label, when it has one. */
  title?: string
  /** The page group's `conditional.hide` expression, when it has one. */
  hide?: string
  /** The binding paths of the page's fields, list items marked `[]`: `applicant.name`, `members[].email`. */
  keys: string[]
  /** The binding paths of the fields outside every page, shown and validated on every page. */
  commonKeys: string[]
}

/** Whether a component is a page under the convention: a group with the custom property `page` set to `"true"`. */
export function isPageComponent(component: FormComponent): boolean {
  const page = component.properties?.page
  return component.type === 'group' && (page === 'true' || page === true)
}

/** The pages of a form, in order; a form without a page is one page. */
export function formPages(schema: FormSchema): FormPage[] {
  const topLevel = schema.components ?? []
  const pages = topLevel.filter(isPageComponent)
  const commonKeys = fieldKeys(topLevel.filter((component) => !isPageComponent(component)))
  if (pages.length === 0) {
    return [
      {
        index: 0,
        id: typeof schema.id === 'string' ? schema.id : 'page1',
        keys: commonKeys,
        commonKeys: [],
      },
    ]
  }
  return pages.map((page, index) => ({
    index,
    id: page.id ?? `page${index + 1}`,
    ...(typeof page.label === 'string' ? { title: page.label } : {}),
    ...(typeof page.conditional?.hide === 'string' ? { hide: page.conditional.hide } : {}),
    keys: fieldKeys([page]),
    commonKeys,
  }))
}

/**
 * The top-level components validated on a page: the page's group and the
 * components outside every page. Throws a RangeError for a page the form
 * does not have.
 */
export function pageOf(schema: FormSchema, page: number | string): FormComponent[] {
  const topLevel = schema.components ?? []
  const pages = topLevel.filter(isPageComponent)
  const count = Math.max(pages.length, 1)
  const index =
    typeof page === 'number' ? page : formPages(schema).findIndex((entry) => entry.id === page)
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(
      `Expected a page of the form, but got ${JSON.stringify(page)} (the form has ${count} page${count > 1 ? 's' : ''})`
    )
  }
  if (pages.length === 0) {
    return topLevel
  }
  return topLevel.filter((component) => !isPageComponent(component) || component === pages[index])
}

function fieldKeys(components: FormComponent[]): string[] {
  const keys: string[] = []
  walkComponents({ type: 'default', components }, ({ component, bindingPath }) => {
    if (fieldTypeConfig(component).keyed && typeof component.key === 'string') {
      keys.push(formatBindingPath(bindingPath))
    }
  })
  return keys
}
