import { DmnModdle } from 'dmn-moddle'
import type { Expression, ExpressionLanguage } from '../feel/expression_language.js'
import type { ModelProblem } from '../model/bpmn_validator.js'
import {
  AGGREGATIONS,
  HIT_POLICIES,
  type Aggregation,
  type ExecutableDecision,
  type ExecutableDecisionRequirements,
  type ExecutableDecisionTable,
  type ExecutableOutput,
  type HitPolicy,
} from './decision_model.js'

/** The DMN 1.3 namespace `dmn-moddle` reads; DMN 1.1, 1.2, 1.4 and 1.5 files are read as it. */
const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/'
const OTHER_DMN_NAMESPACES = [
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
  'http://www.omg.org/spec/DMN/20180521/MODEL/',
  'https://www.omg.org/spec/DMN/20211108/MODEL/',
  'https://www.omg.org/spec/DMN/20230324/MODEL/',
]
/** The DMN 1.3 diagram interchange namespace, and those of DMN 1.2, 1.4 and 1.5 read as it. */
const DMNDI13 = 'https://www.omg.org/spec/DMN/20191111/DMNDI/'
const OTHER_DMNDI_NAMESPACES = [
  'http://www.omg.org/spec/DMN/20180521/DMNDI/',
  'https://www.omg.org/spec/DMN/20211108/DMNDI/',
  'https://www.omg.org/spec/DMN/20230324/DMNDI/',
]

/** The parts of a parsed `dmn-moddle` element the compiler reads. */
interface DmnElement {
  $type: string
  $attrs?: Record<string, string>
  id?: string
  name?: string
  label?: string
  text?: string
  typeRef?: string
  hitPolicy?: string
  aggregation?: string
  drgElement?: DmnElement[]
  decisionLogic?: DmnElement
  variable?: DmnElement
  informationRequirement?: DmnElement[]
  requiredDecision?: { href?: string }
  requiredInput?: { href?: string }
  input?: DmnElement[]
  output?: DmnElement[]
  rule?: DmnElement[]
  inputExpression?: DmnElement
  inputEntry?: DmnElement[]
  outputEntry?: DmnElement[]
  outputValues?: DmnElement
  extensionElements?: { values?: Array<DmnElement & { value?: string }> }
}

/** The outcome of compiling one DMN resource. */
export interface CompiledDmn {
  requirements: ExecutableDecisionRequirements | null
  problems: ModelProblem[]
}

/**
 * Parses a DMN resource with `dmn-moddle`, validates it and compiles its decisions (decision
 * tables and literal expressions, with their FEEL parsed once). Every problem names the
 * decision (as `elementId`) and, inside a table, the rule and column, in the form
 * "Expected …, but …".
 */
export async function compileDmn(xml: string, language: ExpressionLanguage): Promise<CompiledDmn> {
  let normalized = xml
  for (const namespace of OTHER_DMN_NAMESPACES) {
    normalized = normalized.split(`"${namespace}"`).join(`"${DMN13}"`)
  }
  for (const namespace of OTHER_DMNDI_NAMESPACES) {
    normalized = normalized.split(`"${namespace}"`).join(`"${DMNDI13}"`)
  }
  let definitions: DmnElement
  const problems: ModelProblem[] = []
  try {
    const parsed = await new DmnModdle().fromXML(normalized, 'dmn:Definitions')
    definitions = parsed.rootElement as DmnElement
    for (const warning of parsed.warnings) {
      problems.push({ elementId: null, message: `Expected valid DMN XML, but ${warning.message}` })
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return {
      requirements: null,
      problems: [{ elementId: null, message: `Expected a DMN 1.3 XML document, but ${reason}` }],
    }
  }
  const compiler = new DmnCompiler(language, problems)
  const requirements = compiler.compile(definitions)
  return { requirements: problems.length > 0 ? null : requirements, problems }
}

class DmnCompiler {
  /** Names with spaces or keywords the decision being compiled may read (FEEL must be told). */
  #knownNames: string[] = []
  /** Input data and decisions by id: the names their values are known by. */
  readonly #namesById = new Map<string, string>()

  constructor(
    private readonly language: ExpressionLanguage,
    private readonly problems: ModelProblem[]
  ) {}

  compile(definitions: DmnElement): ExecutableDecisionRequirements {
    if (!definitions.id?.trim()) {
      this.#problem(null, "Expected the DMN definitions to have an 'id', but found none")
    }
    const decisions = new Map<string, ExecutableDecision>()
    for (const element of definitions.drgElement ?? []) {
      const name = element.variable?.name?.trim() || element.name?.trim()
      if (element.id && name) {
        this.#namesById.set(element.id, name)
      }
    }
    for (const element of definitions.drgElement ?? []) {
      if (element.$type !== 'dmn:Decision') {
        continue
      }
      if (!element.id?.trim()) {
        this.#problem(
          null,
          `Expected every decision to have an 'id', but '${element.name ?? ''}' has none`
        )
        continue
      }
      if (decisions.has(element.id)) {
        this.#problem(
          element.id,
          `Expected decision ids to be unique, but '${element.id}' is defined twice`
        )
        continue
      }
      const decision = this.#decision(element)
      if (decision) {
        decisions.set(decision.id, decision)
      }
    }
    const declared = (definitions.drgElement ?? []).filter((e) => e.$type === 'dmn:Decision')
    if (declared.length === 0 && definitions.id) {
      this.#problem(
        null,
        `Expected the DMN definitions '${definitions.id}' to contain a decision, but found none`
      )
    }
    this.#checkRequirements(decisions)
    return { id: definitions.id ?? '', name: definitions.name ?? definitions.id ?? '', decisions }
  }

  #decision(element: DmnElement): ExecutableDecision | null {
    const id = element.id!
    const requiredDecisions = (element.informationRequirement ?? [])
      .map((requirement) => requirement.requiredDecision?.href)
      .filter((href): href is string => typeof href === 'string')
      .map((href) => href.slice(href.indexOf('#') + 1))
    this.#knownNames = (element.informationRequirement ?? [])
      .map((requirement) => requirement.requiredDecision?.href ?? requirement.requiredInput?.href)
      .map((href) => this.#namesById.get(href?.slice(href.indexOf('#') + 1) ?? ''))
      .filter((name): name is string => name !== undefined && !/^[A-Za-z_]\w*$/.test(name))
    const logic = element.decisionLogic
    let compiled: ExecutableDecision['logic'] | null = null
    if (!logic) {
      this.#problem(
        id,
        `Expected decision '${id}' to have a decision table or a literal expression, but found neither`
      )
    } else if (logic.$type === 'dmn:DecisionTable') {
      compiled = this.#decisionTable(id, logic)
    } else if (logic.$type === 'dmn:LiteralExpression') {
      const expression = this.#expression(
        id,
        logic.text ?? '',
        `the literal expression of decision '${id}'`
      )
      compiled = expression ? { kind: 'LITERAL_EXPRESSION', expression } : null
    } else {
      this.#problem(
        id,
        `Expected decision '${id}' to have a decision table or a literal expression, but found a boxed expression of type ${logic.$type.replace('dmn:', '')}, which is not supported`
      )
    }
    if (!compiled) {
      return null
    }
    return {
      id,
      name: element.name ?? id,
      variableName: element.variable?.name?.trim() || id,
      versionTag: versionTagOf(element),
      logic: compiled,
      requiredDecisions,
    }
  }

  #decisionTable(id: string, table: DmnElement): ExecutableDecisionTable | null {
    const problemsBefore = this.problems.length
    const hitPolicy = (table.hitPolicy ?? 'UNIQUE').toUpperCase().replace('_', ' ') as HitPolicy
    if (!HIT_POLICIES.includes(hitPolicy)) {
      this.#problem(
        id,
        `Expected the hit policy of decision '${id}' to be one of ${HIT_POLICIES.join(', ')}, but found '${table.hitPolicy}'`
      )
    }
    const aggregation = table.aggregation ? (table.aggregation.toUpperCase() as Aggregation) : null
    if (aggregation !== null && !AGGREGATIONS.includes(aggregation)) {
      this.#problem(
        id,
        `Expected the aggregation of decision '${id}' to be one of ${AGGREGATIONS.join(', ')}, but found '${table.aggregation}'`
      )
    } else if (aggregation !== null && hitPolicy !== 'COLLECT') {
      this.#problem(
        id,
        `Expected an aggregation only with the hit policy COLLECT, but decision '${id}' has ${aggregation} with ${hitPolicy}`
      )
    }
    const inputs = (table.input ?? []).map((input, index) => {
      const text = input.inputExpression?.text?.trim() ?? ''
      const name = input.label?.trim() || text || `input ${index + 1}`
      const expression = text
        ? this.#expression(id, text, `the input expression of column '${name}' of decision '${id}'`)
        : (this.#problem(
            id,
            `Expected column '${name}' of decision '${id}' to have an input expression, but found none`
          ),
          null)
      return { id: input.id ?? `input_${index + 1}`, name, expression }
    })
    const outputs: ExecutableOutput[] = (table.output ?? []).map((output, index) => {
      const name = output.name?.trim() ?? ''
      if (name === '' && (table.output ?? []).length > 1) {
        this.#problem(
          id,
          `Expected output ${index + 1} of decision '${id}' to have a name, as the table has several outputs, but found none`
        )
      }
      return {
        id: output.id ?? `output_${index + 1}`,
        name,
        label: output.label?.trim() || name,
        outputValues: this.#outputValues(id, output, name || `output ${index + 1}`),
      }
    })
    if (outputs.length === 0) {
      this.#problem(
        id,
        `Expected decision table '${id}' to have at least one output, but found none`
      )
    }
    if (aggregation !== null && outputs.length > 1) {
      this.#problem(
        id,
        `Expected decision '${id}' with the aggregation ${aggregation} to have one output, but found ${outputs.length}`
      )
    }
    if (
      (hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') &&
      !outputs.some((output) => output.outputValues)
    ) {
      this.#problem(
        id,
        `Expected decision '${id}' with the hit policy ${hitPolicy} to list output values on an output, but found none`
      )
    }
    const rules = (table.rule ?? []).map((rule, index) => {
      const ruleId = rule.id ?? `rule ${index + 1}`
      const inputEntries = rule.inputEntry ?? []
      const outputEntries = rule.outputEntry ?? []
      if (inputEntries.length !== inputs.length) {
        this.#problem(
          id,
          `Expected rule '${ruleId}' of decision '${id}' to have ${inputs.length} input entries, but found ${inputEntries.length}`
        )
      }
      if (outputEntries.length !== outputs.length) {
        this.#problem(
          id,
          `Expected rule '${ruleId}' of decision '${id}' to have ${outputs.length} output entries, but found ${outputEntries.length}`
        )
      }
      return {
        id: ruleId,
        index: index + 1,
        inputEntries: inputEntries.map((entry, column) => {
          const text = entry.text?.trim() ?? ''
          if (text === '' || text === '-') {
            return null
          }
          const error = this.language.checkUnaryTests(text, this.#knownNames)
          if (error) {
            this.#problem(
              id,
              `Expected the input entry of rule '${ruleId}' in column '${inputs[column]?.name ?? column + 1}' of decision '${id}' to be FEEL unary tests, but ${error}`
            )
          }
          return text
        }),
        outputEntries: outputEntries.map((entry, column) => {
          const text = entry.text?.trim() ?? ''
          const outputName = outputs[column]?.name || `output ${column + 1}`
          return text === ''
            ? null
            : this.#expression(
                id,
                text,
                `the output entry of rule '${ruleId}' in column '${outputName}' of decision '${id}'`
              )
        }),
      }
    })
    if (this.problems.length > problemsBefore) {
      return null
    }
    return {
      kind: 'DECISION_TABLE',
      hitPolicy,
      aggregation,
      inputs: inputs.map((input) => ({ ...input, expression: input.expression! })),
      outputs,
      rules,
    }
  }

  /** Evaluates an output values list (`"a","b"`) into the ranking list, or `null` without one. */
  #outputValues(id: string, output: DmnElement, name: string): unknown[] | null {
    const text = output.outputValues?.text?.trim() ?? ''
    if (text === '') {
      return null
    }
    const expression = this.#expression(
      id,
      `[${text}]`,
      `the output values of output '${name}' of decision '${id}'`
    )
    if (!expression) {
      return null
    }
    const evaluated = this.language.evaluateRaw(expression)
    if (!evaluated.ok || !Array.isArray(evaluated.value.value)) {
      this.#problem(
        id,
        `Expected the output values of output '${name}' of decision '${id}' to be a list of literals, but found '${text}'`
      )
      return null
    }
    return evaluated.value.value
  }

  #expression(id: string, text: string, what: string): Expression | null {
    const trimmed = text.trim()
    if (trimmed === '') {
      this.#problem(id, `Expected ${what} to be a FEEL expression, but found none`)
      return null
    }
    const compiled = this.language.compile(`=${trimmed}`, this.#knownNames)
    if (!compiled.ok) {
      this.#problem(id, `Expected ${what} to be a FEEL expression, but ${compiled.message}`)
      return null
    }
    return compiled.expression
  }

  /** Required decisions must be decisions of the same file, without cycles. */
  #checkRequirements(decisions: Map<string, ExecutableDecision>): void {
    for (const decision of decisions.values()) {
      for (const required of decision.requiredDecisions) {
        if (!decisions.has(required)) {
          this.#problem(
            decision.id,
            `Expected the required decision '${required}' of decision '${decision.id}' to be defined in the same file, but found none`
          )
        }
      }
    }
    const visiting = new Set<string>()
    const done = new Set<string>()
    const visit = (id: string, path: string[]): void => {
      if (done.has(id)) {
        return
      }
      if (visiting.has(id)) {
        this.#problem(
          id,
          `Expected the decision requirements to have no cycle, but found ${[...path, id].join(' → ')}`
        )
        return
      }
      visiting.add(id)
      for (const required of decisions.get(id)?.requiredDecisions ?? []) {
        visit(required, [...path, id])
      }
      visiting.delete(id)
      done.add(id)
    }
    for (const id of decisions.keys()) {
      visit(id, [])
    }
  }

  #problem(elementId: string | null, message: string): void {
    this.problems.push({ elementId, message })
  }
}

/** A decision's version tag: `zeebe:versionTag` in its extension elements, or a `versionTag` attribute. */
function versionTagOf(element: DmnElement): string | null {
  for (const extension of element.extensionElements?.values ?? []) {
    if (extension.$type.endsWith('versionTag') || extension.$type.endsWith('VersionTag')) {
      const value = extension.value ?? extension.$attrs?.value
      if (value?.trim()) {
        return value.trim()
      }
    }
  }
  const attribute = Object.entries(element.$attrs ?? {}).find(([name]) =>
    name.endsWith('versionTag')
  )
  return attribute?.[1]?.trim() || null
}
