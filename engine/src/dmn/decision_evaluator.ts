import type { ExpressionLanguage, VariableLookup } from '../feel/expression_language.js'
import { feelTypeName, toJsonValue, type JsonValue } from '../feel/feel_values.js'
import type {
  ExecutableDecision,
  ExecutableDecisionRequirements,
  ExecutableDecisionTable,
  ExecutableRule,
} from './decision_model.js'

/** An input of a decision table as evaluated (value as JSON text, as Camunda reports it). */
export interface EvaluatedInput {
  inputId: string
  inputName: string
  inputValue: string
}

/** A rule that matched, with its outputs (values as JSON text). */
export interface MatchedRule {
  ruleId: string
  ruleIndex: number
  evaluatedOutputs: Array<{ outputId: string; outputName: string; outputValue: string }>
}

/** One decision evaluated (the decision asked for, or one it requires). */
export interface DecisionResult {
  decision: ExecutableDecision
  output: JsonValue
  evaluatedInputs: EvaluatedInput[]
  matchedRules: MatchedRule[]
}

/** The outcome of evaluating a decision and the decisions it requires. */
export interface GraphEvaluation {
  /** The result of the decision asked for (`null` when it failed). */
  output: JsonValue
  /** Every decision evaluated, required ones first, the one asked for last. */
  evaluated: DecisionResult[]
  /** The decision that failed and why, or `null`. */
  failure: { decisionId: string; message: string } | null
}

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * Evaluates a decision of a decision requirements graph against variables: its required
 * decisions first (depth first, each once), whose results become variables named by the
 * decision's variable name (and id); then the decision itself — a literal expression, or a
 * decision table under its hit policy. FEEL runs through the expression layer (input
 * expressions and output entries as expressions, input entries as unary tests).
 */
export function evaluateDecisionGraph(
  requirements: ExecutableDecisionRequirements,
  decisionId: string,
  variables: Record<string, JsonValue>,
  language: ExpressionLanguage
): GraphEvaluation {
  const context: Record<string, JsonValue> = { ...variables }
  const evaluated: DecisionResult[] = []
  const done = new Set<string>()
  let failure: GraphEvaluation['failure'] = null

  const run = (id: string): boolean => {
    if (done.has(id)) {
      return true
    }
    const decision = requirements.decisions.get(id)!
    for (const required of decision.requiredDecisions) {
      if (!run(required)) {
        return false
      }
    }
    const result = evaluateDecision(decision, context, language)
    if (!result.ok) {
      failure = { decisionId: id, message: result.message }
      return false
    }
    done.add(id)
    evaluated.push(result.value)
    context[decision.variableName] = result.value.output
    context[decision.id] = result.value.output
    return true
  }

  const ok = run(decisionId)
  return { output: ok ? evaluated[evaluated.length - 1].output : null, evaluated, failure }
}

function lookupOf(context: Record<string, JsonValue>): VariableLookup {
  return { get: (name) => context[name], all: () => context }
}

function evaluateDecision(
  decision: ExecutableDecision,
  context: Record<string, JsonValue>,
  language: ExpressionLanguage
): Outcome<DecisionResult> {
  const logic = decision.logic
  if (logic.kind === 'LITERAL_EXPRESSION') {
    const value = language.evaluateRaw(
      logic.expression,
      lookupOf(context),
      'DECISION_EVALUATION_ERROR'
    )
    if (!value.ok) {
      return {
        ok: false,
        message: `Expected to evaluate decision '${decision.id}', but ${value.failure.message}`,
      }
    }
    const output = toJsonValue(value.value.value)
    return { ok: true, value: { decision, output, evaluatedInputs: [], matchedRules: [] } }
  }
  return evaluateTable(decision, logic, context, language)
}

function evaluateTable(
  decision: ExecutableDecision,
  table: ExecutableDecisionTable,
  context: Record<string, JsonValue>,
  language: ExpressionLanguage
): Outcome<DecisionResult> {
  const lookup = lookupOf(context)
  const fail = (message: string): Outcome<DecisionResult> => ({
    ok: false,
    message: `Expected to evaluate decision '${decision.id}', but ${message}`,
  })
  // 1. the input expressions
  const inputValues: unknown[] = []
  const evaluatedInputs: EvaluatedInput[] = []
  for (const input of table.inputs) {
    const value = language.evaluateRaw(input.expression, lookup, 'DECISION_EVALUATION_ERROR')
    if (!value.ok) {
      return fail(value.failure.message)
    }
    inputValues.push(value.value.value)
    evaluatedInputs.push({
      inputId: input.id,
      inputName: input.name,
      inputValue: JSON.stringify(toJsonValue(value.value.value)),
    })
  }
  // 2. the rules whose input entries all match
  const matched: Array<{ rule: ExecutableRule; outputs: JsonValue[] }> = []
  for (const rule of table.rules) {
    let matches = true
    for (let column = 0; column < rule.inputEntries.length && matches; column++) {
      const entry = rule.inputEntries[column]
      if (entry === null) {
        continue
      }
      const test = language.evaluateUnaryTests(
        entry,
        inputValues[column],
        context,
        'DECISION_EVALUATION_ERROR'
      )
      if (!test.ok) {
        return fail(
          `the input entry of rule '${rule.id}' in column '${table.inputs[column].name}' failed: ${test.failure.message}`
        )
      }
      matches = test.value
    }
    if (!matches) {
      continue
    }
    const outputs: JsonValue[] = []
    for (const [column, entry] of rule.outputEntries.entries()) {
      if (entry === null) {
        outputs.push(null)
        continue
      }
      const value = language.evaluateRaw(entry, lookup, 'DECISION_EVALUATION_ERROR')
      if (!value.ok) {
        const name = table.outputs[column].name || `output ${column + 1}`
        return fail(
          `the output entry of rule '${rule.id}' in column '${name}' failed: ${value.failure.message}`
        )
      }
      outputs.push(toJsonValue(value.value.value))
    }
    matched.push({ rule, outputs })
  }
  // 3. the hit policy picks and shapes the result
  const picked = applyHitPolicy(decision, table, matched)
  if (!picked.ok) {
    return fail(picked.message)
  }
  const matchedRules = picked.value.rules.map(({ rule, outputs }) => ({
    ruleId: rule.id,
    ruleIndex: rule.index,
    evaluatedOutputs: table.outputs.map((output, column) => ({
      outputId: output.id,
      outputName: output.label,
      outputValue: JSON.stringify(outputs[column]),
    })),
  }))
  return {
    ok: true,
    value: { decision, output: picked.value.output, evaluatedInputs, matchedRules },
  }
}

type Hit = { rule: ExecutableRule; outputs: JsonValue[] }

function applyHitPolicy(
  decision: ExecutableDecision,
  table: ExecutableDecisionTable,
  matched: Hit[]
): Outcome<{ output: JsonValue; rules: Hit[] }> {
  const shape = (hit: Hit): JsonValue =>
    table.outputs.length === 1
      ? hit.outputs[0]
      : Object.fromEntries(
          table.outputs.map((output, column) => [output.name, hit.outputs[column]])
        )
  const single = (hit: Hit | undefined) => ({
    ok: true as const,
    value: { output: hit ? shape(hit) : null, rules: hit ? [hit] : [] },
  })
  const ids = (hits: Hit[]) => hits.map((hit) => `'${hit.rule.id}'`).join(', ')
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length === 0) {
        return {
          ok: false,
          message: `no rule matched, while the hit policy UNIQUE expects exactly one`,
        }
      }
      if (matched.length > 1) {
        return {
          ok: false,
          message: `${matched.length} rules matched (${ids(matched)}), while the hit policy UNIQUE expects exactly one`,
        }
      }
      return single(matched[0])
    case 'FIRST':
      return single(matched[0])
    case 'ANY': {
      const distinct = new Set(matched.map((hit) => JSON.stringify(shape(hit))))
      if (distinct.size > 1) {
        return {
          ok: false,
          message: `rules ${ids(matched)} matched with different outputs, while the hit policy ANY expects equal outputs`,
        }
      }
      return single(matched[0])
    }
    case 'PRIORITY':
      return single(byPriority(table, matched)[0])
    case 'OUTPUT ORDER': {
      const sorted = byPriority(table, matched)
      return { ok: true, value: { output: sorted.map(shape), rules: sorted } }
    }
    case 'RULE ORDER':
      return { ok: true, value: { output: matched.map(shape), rules: matched } }
    case 'COLLECT':
      if (table.aggregation === null) {
        return { ok: true, value: { output: matched.map(shape), rules: matched } }
      }
      return aggregate(decision, table.aggregation, matched)
  }
}

/** Matched rules ranked by the output values lists (earlier in a list ranks higher), stably. */
function byPriority(table: ExecutableDecisionTable, matched: Hit[]): Hit[] {
  const rank = (hit: Hit) =>
    table.outputs.flatMap((output, column) => {
      if (!output.outputValues) {
        return []
      }
      const position = output.outputValues.findIndex(
        (value) => JSON.stringify(toJsonValue(value)) === JSON.stringify(hit.outputs[column])
      )
      return [position === -1 ? Number.MAX_SAFE_INTEGER : position]
    })
  return matched
    .map((hit, order) => ({ hit, order, rank: rank(hit) }))
    .sort((a, b) => {
      for (let index = 0; index < a.rank.length; index++) {
        if (a.rank[index] !== b.rank[index]) {
          return a.rank[index] - b.rank[index]
        }
      }
      return a.order - b.order
    })
    .map((entry) => entry.hit)
}

function aggregate(
  decision: ExecutableDecision,
  aggregation: 'SUM' | 'MIN' | 'MAX' | 'COUNT',
  matched: Hit[]
): Outcome<{ output: JsonValue; rules: Hit[] }> {
  const values = matched.map((hit) => hit.outputs[0]).filter((value) => value !== null)
  if (aggregation === 'COUNT') {
    return { ok: true, value: { output: values.length, rules: matched } }
  }
  const wrong = values.find((value) => typeof value !== 'number')
  if (wrong !== undefined) {
    return {
      ok: false,
      message: `the hit policy COLLECT ${aggregation} expects number outputs, but decision '${decision.id}' produced '${feelTypeName(wrong)}'`,
    }
  }
  const numbers = values as number[]
  let output: number | null = null
  if (numbers.length > 0) {
    output =
      aggregation === 'SUM'
        ? numbers.reduce((sum, value) => sum + value, 0)
        : aggregation === 'MIN'
          ? Math.min(...numbers)
          : Math.max(...numbers)
  }
  return { ok: true, value: { output, rules: matched } }
}
