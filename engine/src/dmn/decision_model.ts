import type { Expression } from '../feel/expression_language.js'

/** The hit policies of DMN decision tables (the `hitPolicy` attribute, upper case). */
export const HIT_POLICIES = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
] as const

/** A decision table's hit policy. */
export type HitPolicy = (typeof HIT_POLICIES)[number]

/** The aggregations of the COLLECT hit policy. */
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const

/** A COLLECT aggregation. */
export type Aggregation = (typeof AGGREGATIONS)[number]

/** An input column: its FEEL input expression, compiled. */
export interface ExecutableInput {
  id: string
  /** The label (or the expression text) that names the column in records and problems. */
  name: string
  expression: Expression
}

/** An output column. */
export interface ExecutableOutput {
  id: string
  /** The output name (the key in the result context); '' for a single unnamed output. */
  name: string
  /** How records name the output: its label, else its name (as Zeebe reports `outputName`). */
  label: string
  /**
   * The output values list (`"high","medium","low"`), evaluated at deployment: the order that
   * ranks rules under PRIORITY and OUTPUT ORDER. `null` when the output lists none.
   */
  outputValues: unknown[] | null
}

/** A rule: one unary-test text per input (`null` = any value), one expression per output. */
export interface ExecutableRule {
  id: string
  /** Position in the table, from 1 (as Camunda reports `ruleIndex`). */
  index: number
  inputEntries: Array<string | null>
  /** `null` for an empty output entry (the output is null). */
  outputEntries: Array<Expression | null>
}

/** A decision table. */
export interface ExecutableDecisionTable {
  kind: 'DECISION_TABLE'
  hitPolicy: HitPolicy
  aggregation: Aggregation | null
  inputs: ExecutableInput[]
  outputs: ExecutableOutput[]
  rules: ExecutableRule[]
}

/** A literal expression decision. */
export interface ExecutableLiteralExpression {
  kind: 'LITERAL_EXPRESSION'
  expression: Expression
}

/** A compiled decision of a decision requirements graph. */
export interface ExecutableDecision {
  id: string
  name: string
  /**
   * The name its result is known by in decisions that require it (the `variable` name, or the
   * decision id).
   */
  variableName: string
  versionTag: string | null
  logic: ExecutableDecisionTable | ExecutableLiteralExpression
  /** Ids of the decisions it requires (evaluated first), in the order written. */
  requiredDecisions: string[]
}

/** A compiled DMN resource: one decision requirements graph (DRG) and its decisions. */
export interface ExecutableDecisionRequirements {
  /** The `definitions` id: the decision requirements id. */
  id: string
  name: string
  /** Decisions by id, in document order. */
  decisions: Map<string, ExecutableDecision>
}
