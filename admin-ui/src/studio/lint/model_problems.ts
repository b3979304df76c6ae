import Linter, { type LintReport } from 'bpmnlint/lib/linter'
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver'
import type { DeployProblem } from '../../api/process_models'
import { studioLintConfig } from './lint_config'
import { COMPAT_RULES, CORE_RULES } from './lint_rules'

/**
 * One problem of a process model, from the studio's bpmnlint rules or from
 * the engine's deploy validation, tied to an element when it names one.
 * Errors refuse publishing; warnings are advice.
 */
export interface ModelProblem {
  /** bpmnlint, the engine's deploy validation, or the studio's own checks (linked forms). */
  source: 'lint' | 'engine' | 'studio'
  severity: 'error' | 'warning'
  /** The element the problem is about (`null`: the model as a whole). */
  elementId: string | null
  message: string
  /** The bpmnlint rule, without its package (`user-task-form`). */
  rule?: string
  /** The element's name, when the list knows it. */
  elementName?: string
}

/**
 * A bpmnlint plugin made at run time: its rules with their configuration,
 * and a static resolver holding them (bpmn-js-element-templates'
 * `CloudElementTemplatesLinterPlugin(templates)` is one).
 */
export interface LintPlugin {
  config: { rules: Record<string, unknown> }
  resolver: { cache: Record<string, unknown> }
}

/**
 * A linter with the studio's rules and those of `plugins`. A new one for
 * every run: bpmnlint keeps the rules it made, and some rules remember
 * what they saw (`no-duplicate-sequence-flows` would report every flow of
 * a second run as a duplicate).
 */
function studioLinter(plugins: readonly LintPlugin[]) {
  const cache: Record<string, unknown> = {}
  for (const [name, rule] of Object.entries(COMPAT_RULES)) {
    cache[`rule:bpmnlint-plugin-camunda-compat/${name}`] = rule
  }
  for (const [name, rule] of Object.entries(CORE_RULES)) cache[`rule:bpmnlint/${name}`] = rule
  const config = studioLintConfig()
  for (const plugin of plugins) {
    Object.assign(cache, plugin.resolver.cache)
    Object.assign(config.rules, plugin.config.rules)
  }
  return new Linter({ config, resolver: new StaticResolver(cache) })
}

/**
 * Lints a model (the moddle root bpmn-js holds, `modeler.getDefinitions()`)
 * with the studio's bpmnlint configuration and the rules of `plugins` (the
 * modeler adds the connector templates' own checks: a required business
 * field left empty). A rule that crashes is reported as a warning naming
 * the rule, so a broken rule never blocks publishing.
 */
export async function lintDefinitions(
  definitions: unknown,
  plugins: readonly LintPlugin[] = []
): Promise<ModelProblem[]> {
  const results = await studioLinter(plugins).lint(definitions)
  const problems: ModelProblem[] = []
  for (const [name, reports] of Object.entries(results)) {
    const rule = name.replace(/^(camunda-compat|bpmnlint|element-templates)\//, '')
    for (const report of reports as LintReport[]) {
      if (report.category === 'info') continue
      problems.push({
        source: 'lint',
        severity: report.category === 'error' ? 'error' : 'warning',
        elementId: report.id ?? null,
        message: report.message,
        rule,
      })
    }
  }
  return sortProblems(problems)
}

/**
 * The engine's deploy problems as model problems (all errors: the engine
 * refuses the deployment).
 */
export function engineProblems(problems: readonly DeployProblem[]): ModelProblem[] {
  return problems.map((problem) => ({
    source: 'engine',
    severity: 'error',
    elementId: problem.elementId ?? null,
    message: problem.message,
  }))
}

/**
 * Errors first, then by element id, keeping the order within an element;
 * the same message for the same element from both sources is kept once
 * (the engine's).
 */
export function sortProblems(problems: readonly ModelProblem[]): ModelProblem[] {
  const seen = new Set<string>()
  const unique = [...problems]
    .sort((a, b) => (a.source === b.source ? 0 : a.source === 'engine' ? -1 : 1))
    .filter((problem) => {
      const key = `${problem.elementId ?? ''}\u0000${problem.message}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  const rank = (problem: ModelProblem) => (problem.severity === 'error' ? 0 : 1)
  return unique.sort(
    (a, b) => rank(a) - rank(b) || (a.elementId ?? '').localeCompare(b.elementId ?? '')
  )
}

/**
 * The problems by element id (problems about no element under `''`).
 */
export function problemsByElement(problems: readonly ModelProblem[]) {
  const byElement = new Map<string, ModelProblem[]>()
  for (const problem of problems) {
    const key = problem.elementId ?? ''
    byElement.set(key, [...(byElement.get(key) ?? []), problem])
  }
  return byElement
}

/**
 * Whether any problem refuses publishing.
 */
export function hasErrors(problems: readonly ModelProblem[]) {
  return problems.some((problem) => problem.severity === 'error')
}
