import type { ExpressionLanguage } from '../feel/expression_language.js'
import { failure, ok, type Result } from '../result.js'
import type { StoreTransaction } from '../store/store.js'
import type { ExecutableDecisionRequirements } from './decision_model.js'
import {
  decisionFromRow,
  requirementsFromRow,
  type DecisionData,
  type DecisionRequirementsData,
} from './decision_rows.js'
import { compileDmn } from './dmn_compiler.js'

/** How a business-rule task picks the version of its decision (`zeebe:calledDecision`). */
export interface DecisionBinding {
  bindingType: 'latest' | 'deployment' | 'versionTag'
  versionTag: string | null
  /** The deployment of the calling process (for `deployment`). */
  deploymentKey: string | null
}

/** A decision version ready to evaluate: its row, its graph's row and compiled graph. */
export interface LoadedDecision {
  decision: DecisionData
  requirements: DecisionRequirementsData
  executable: ExecutableDecisionRequirements
  /** Every decision of the same graph version, by decision id (for required decisions' keys). */
  graphDecisions: Map<string, DecisionData>
}

/** Compiled graphs by checksum, per expression language (compiling is deterministic). */
const compiledGraphs = new WeakMap<
  ExpressionLanguage,
  Map<string, ExecutableDecisionRequirements>
>()

/**
 * The decisions one batch may evaluate, loaded before processing (which never waits): the
 * versions of the decision ids its business-rule tasks call, and the compiled graphs of the
 * versions their bindings pick.
 */
export class LoadedDecisions {
  /** `tenant/decisionId` → every version, highest first. */
  readonly #versions = new Map<string, DecisionData[]>()
  /** Tenants for which every decision id was loaded (a decision id given by FEEL). */
  readonly #allLoaded = new Set<string>()
  /** Graph key → loaded graph. */
  readonly #graphs = new Map<
    string,
    {
      requirements: DecisionRequirementsData
      executable: ExecutableDecisionRequirements
      decisions: Map<string, DecisionData>
    }
  >()
  /** Process definitions whose called decisions are loaded. */
  readonly handledDefinitions = new Set<string>()

  /**
   * Loads the versions of decision ids of a tenant (`null` = every decision of the tenant),
   * and the graphs the given bindings pick among them.
   */
  async load(
    tx: StoreTransaction,
    language: ExpressionLanguage,
    tenantId: string,
    decisionIds: string[] | null,
    bindings: DecisionBinding[]
  ): Promise<void> {
    const wanted =
      decisionIds === null
        ? null
        : decisionIds.filter((id) => !this.#versions.has(`${tenantId}/${id}`))
    if (wanted === null ? !this.#allLoaded.has(tenantId) : wanted.length > 0) {
      const rows = await tx.query('engine_decisions', {
        where:
          wanted === null
            ? { tenant_id: tenantId, deleted_at: null }
            : { tenant_id: tenantId, decision_id: wanted, deleted_at: null },
        orderBy: [{ column: 'version', order: 'desc' }],
      })
      for (const id of wanted ?? []) {
        this.#versions.set(`${tenantId}/${id}`, [])
      }
      for (const decision of rows.map(decisionFromRow)) {
        const list = this.#versions.get(`${tenantId}/${decision.decisionId}`) ?? []
        if (!list.some((known) => known.decisionKey === decision.decisionKey)) {
          list.push(decision)
        }
        this.#versions.set(`${tenantId}/${decision.decisionId}`, list)
      }
      if (wanted === null) {
        this.#allLoaded.add(tenantId)
      }
    }
    const graphKeys = new Set<string>()
    for (const [id, versions] of this.#versions) {
      if (!id.startsWith(`${tenantId}/`)) {
        continue
      }
      for (const binding of bindings) {
        const picked = pickVersion(versions, binding)
        if (picked && !this.#graphs.has(picked.decisionRequirementsKey)) {
          graphKeys.add(picked.decisionRequirementsKey)
        }
      }
    }
    await this.loadGraphs(tx, language, [...graphKeys])
  }

  /** Loads decision requirements graphs (and all their decisions) by key. */
  async loadGraphs(
    tx: StoreTransaction,
    language: ExpressionLanguage,
    keys: string[]
  ): Promise<void> {
    const missing = keys.filter((key) => !this.#graphs.has(key))
    if (missing.length === 0) {
      return
    }
    const graphRows = await tx.query('engine_decision_requirements', {
      where: { decision_requirements_key: missing, deleted_at: null },
    })
    const decisionRows = await tx.query('engine_decisions', {
      where: { decision_requirements_key: missing, deleted_at: null },
    })
    for (const requirements of graphRows.map(requirementsFromRow)) {
      const decisions = new Map<string, DecisionData>()
      for (const decision of decisionRows.map(decisionFromRow)) {
        if (decision.decisionRequirementsKey === requirements.decisionRequirementsKey) {
          decisions.set(decision.decisionId, decision)
        }
      }
      const executable = await compiledGraph(language, requirements)
      this.#graphs.set(requirements.decisionRequirementsKey, {
        requirements,
        executable,
        decisions,
      })
    }
  }

  /** The decision version a binding picks, ready to evaluate, or a CALLED_DECISION_ERROR failure. */
  find(tenantId: string, decisionId: string, binding: DecisionBinding): Result<LoadedDecision> {
    const versions = this.#versions.get(`${tenantId}/${decisionId}`) ?? []
    const picked = pickVersion(versions, binding)
    if (!picked) {
      const how =
        binding.bindingType === 'deployment'
          ? ` in the deployment of the process (binding type 'deployment')`
          : binding.bindingType === 'versionTag'
            ? ` with version tag '${binding.versionTag}'`
            : ''
      return failure(
        'CALLED_DECISION_ERROR',
        `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'${how}`
      )
    }
    return this.byKey(picked.decisionKey, picked.decisionRequirementsKey)
  }

  /** A decision by key, when its graph is loaded. */
  byKey(decisionKey: string, decisionRequirementsKey: string): Result<LoadedDecision> {
    const graph = this.#graphs.get(decisionRequirementsKey)
    const decision = [...(graph?.decisions.values() ?? [])].find(
      (d) => d.decisionKey === decisionKey
    )
    if (!graph || !decision) {
      return failure(
        'CALLED_DECISION_ERROR',
        `Expected to find the decision with key '${decisionKey}', but it is not deployed`
      )
    }
    return ok({
      decision,
      requirements: graph.requirements,
      executable: graph.executable,
      graphDecisions: graph.decisions,
    })
  }
}

/** The version a binding picks among the versions of one decision id (highest first). */
export function pickVersion(
  versions: DecisionData[],
  binding: DecisionBinding
): DecisionData | null {
  switch (binding.bindingType) {
    case 'deployment':
      return versions.find((version) => version.deploymentKey === binding.deploymentKey) ?? null
    case 'versionTag':
      return versions.find((version) => version.versionTag === binding.versionTag) ?? null
    default:
      return versions[0] ?? null
  }
}

/** The compiled graph of a deployed DMN resource (compiled once per checksum). */
export async function compiledGraph(
  language: ExpressionLanguage,
  requirements: DecisionRequirementsData
): Promise<ExecutableDecisionRequirements> {
  let cache = compiledGraphs.get(language)
  if (!cache) {
    cache = new Map()
    compiledGraphs.set(language, cache)
  }
  const cached = cache.get(requirements.checksum)
  if (cached) {
    return cached
  }
  const compiled = await compileDmn(requirements.content, language)
  if (!compiled.requirements) {
    throw new Error(
      `Expected the deployed DMN resource '${requirements.resourceName}' to compile, but: ${compiled.problems.map((p) => p.message).join('; ')}`
    )
  }
  cache.set(requirements.checksum, compiled.requirements)
  return compiled.requirements
}
