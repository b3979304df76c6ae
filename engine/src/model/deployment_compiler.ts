import { compileDmnResource, type CompiledDmnResource } from '../dmn/decision_deployment.js'
import { createHash } from 'node:crypto'
import type { DeploymentProblem } from '../errors.js'
import type { ExpressionLanguage } from '../feel/expression_language.js'
import { parseBpmn } from './bpmn_parser.js'
import { transformProcess } from './bpmn_transformer.js'
import { validateDefinitions, type ModelProblem } from './bpmn_validator.js'
import { flowNodesOf, type ExecutableProcess } from './executable.js'
import type { ModdleProcess } from './moddle_types.js'

/** A resource as the caller hands it to `deploy`. */
export interface DeploymentResourceInput {
  name: string
  content: Buffer | string
}

/** A BPMN resource that parsed, validated and compiled. */
export interface CompiledBpmnResource {
  name: string
  content: string
  checksum: string
  processes: ExecutableProcess[]
}

/** A form resource (form-js JSON with an `id`). */
export interface CompiledFormResource {
  name: string
  content: string
  checksum: string
  formId: string
  versionTag: string | null
}

/** Everything a deployment carries, compiled, or the problems that reject it. */
export interface CompiledDeployment {
  bpmn: CompiledBpmnResource[]
  forms: CompiledFormResource[]
  /** DMN resources (`.dmn`): decision requirements graphs with their decisions. */
  dmn: CompiledDmnResource[]
  problems: DeploymentProblem[]
}

/** SHA-256 of a resource's text: what "identical resource" means for versioning. */
export function checksumOf(content: string): string {
  return createHash('sha256').update(content).digest('hex')
}

/**
 * Parses, validates and compiles the resources of one deployment. BPMN files (`.bpmn`, `.xml`)
 * become executables; forms (`.form`, or JSON with an `id`) are checked and kept as text for the
 * forms feature. Every problem of every resource is collected, so one rejection lists them all.
 */
export async function compileDeployment(
  resources: DeploymentResourceInput[],
  language: ExpressionLanguage
): Promise<CompiledDeployment> {
  const result: CompiledDeployment = { bpmn: [], forms: [], dmn: [], problems: [] }
  if (resources.length === 0) {
    result.problems.push({
      resourceName: '',
      elementId: null,
      message: 'Expected at least one resource to deploy, but found none',
    })
    return result
  }
  for (const resource of resources) {
    const content =
      typeof resource.content === 'string' ? resource.content : resource.content.toString('utf8')
    const lower = resource.name.toLowerCase()
    const add = (problems: ModelProblem[]) =>
      result.problems.push(...problems.map((p) => ({ resourceName: resource.name, ...p })))
    if (lower.endsWith('.bpmn') || lower.endsWith('.xml')) {
      const compiled = await compileBpmn(resource.name, content, language)
      add(compiled.problems)
      if (compiled.resource) {
        result.bpmn.push(compiled.resource)
      }
    } else if (lower.endsWith('.form') || lower.endsWith('.json')) {
      const compiled = compileForm(resource.name, content)
      add(compiled.problems)
      if (compiled.resource) {
        result.forms.push(compiled.resource)
      }
    } else if (lower.endsWith('.dmn')) {
      const compiled = await compileDmnResource(
        resource.name,
        content,
        checksumOf(content),
        language
      )
      add(compiled.problems)
      if (compiled.resource) {
        result.dmn.push(compiled.resource)
      }
    } else {
      add([
        {
          elementId: null,
          message: `Expected a resource ending in .bpmn, .xml, .dmn or .form, but found '${resource.name}'`,
        },
      ])
    }
  }
  checkUniqueIds(result)
  checkDeploymentBoundForms(result)
  return result
}

async function compileBpmn(
  name: string,
  content: string,
  language: ExpressionLanguage
): Promise<{ resource: CompiledBpmnResource | null; problems: ModelProblem[] }> {
  const parsed = await parseBpmn(content)
  if (!parsed.ok) {
    return {
      resource: null,
      problems: parsed.problems.map((message) => ({ elementId: null, message })),
    }
  }
  const problems: ModelProblem[] = parsed.problems.map((message) => ({ elementId: null, message }))
  problems.push(...validateDefinitions(parsed.definitions))
  // the transformer also runs on an invalid model, so expression errors are reported as well
  const processes = (parsed.definitions.rootElements ?? [])
    .filter((element): element is ModdleProcess => element.$type === 'bpmn:Process')
    .filter((process) => process.isExecutable === true && process.id !== undefined)
    .map((process) => transformProcess(process, language, problems))
  if (problems.length > 0) {
    return { resource: null, problems }
  }
  return { resource: { name, content, checksum: checksumOf(content), processes }, problems }
}

function compileForm(
  name: string,
  content: string
): { resource: CompiledFormResource | null; problems: ModelProblem[] } {
  let schema: unknown
  try {
    schema = JSON.parse(content)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      resource: null,
      problems: [
        {
          elementId: null,
          message: `Expected a form to be JSON, but it could not be parsed: ${reason}`,
        },
      ],
    }
  }
  const id = (schema as { id?: unknown } | null)?.id
  if (typeof id !== 'string' || id.trim() === '') {
    return {
      resource: null,
      problems: [
        { elementId: null, message: "Expected the form to have a non-empty 'id', but found none" },
      ],
    }
  }
  const versionTag = (schema as { versionTag?: unknown }).versionTag
  return {
    resource: {
      name,
      content,
      checksum: checksumOf(content),
      formId: id,
      versionTag: typeof versionTag === 'string' && versionTag !== '' ? versionTag : null,
    },
    problems: [],
  }
}

function checkUniqueIds(result: CompiledDeployment): void {
  const processes = result.bpmn.flatMap((resource) =>
    resource.processes.map((process) => ({
      id: process.bpmnProcessId,
      resourceName: resource.name,
    }))
  )
  const forms = result.forms.map((form) => ({ id: form.formId, resourceName: form.name }))
  reportDuplicates(result, processes, 'process')
  reportDuplicates(result, forms, 'form')
  const decisions = result.dmn.flatMap((resource) =>
    [...resource.requirements.decisions.keys()].map((id) => ({ id, resourceName: resource.name }))
  )
  reportDuplicates(result, decisions, 'decision')
}

function reportDuplicates(
  result: CompiledDeployment,
  entries: Array<{ id: string; resourceName: string }>,
  what: string
): void {
  const seen = new Map<string, string>()
  for (const { id, resourceName } of entries) {
    const other = seen.get(id)
    if (other !== undefined) {
      result.problems.push({
        resourceName,
        elementId: id,
        message: `Expected ${what} ids to be unique within a deployment, but '${id}' is also defined in '${other}'`,
      })
    }
    seen.set(id, resourceName)
  }
}

/** A form linked with bindingType "deployment" must be deployed together with the process. */
function checkDeploymentBoundForms(result: CompiledDeployment): void {
  const formIds = new Set(result.forms.map((form) => form.formId))
  for (const resource of result.bpmn) {
    for (const process of resource.processes) {
      for (const element of flowNodesOf(process)) {
        const form = element.userTask?.form
        if (
          form?.kind === 'formId' &&
          form.bindingType === 'deployment' &&
          !formIds.has(form.formId)
        ) {
          result.problems.push({
            resourceName: resource.name,
            elementId: element.id,
            message: `Expected to find a form with id '${form.formId}' in the same deployment (bindingType 'deployment'), but found none`,
          })
        }
      }
    }
  }
}
