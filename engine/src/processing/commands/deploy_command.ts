import type { StoreTransaction, TableName } from '../../store/store.js'
import {
  deployDecisions,
  loadLatestDecisionVersions,
  type LatestDecisionVersions,
} from '../../dmn/decision_deployment.js'
import type { CompiledDeployment } from '../../model/deployment_compiler.js'
import type { ExecutableProcess } from '../../model/executable.js'
import type { Deployment } from '../../port.js'
import type { DefinitionData } from '../../state/entities.js'
import type { BatchContext } from '../batch_context.js'
import { OpenStartEventsCommand, type StartEventSubscription } from './start_event_commands.js'
import {
  refKey,
  type InstanceCommand,
  type PrefetchPlan,
  type Prefetched,
} from './engine_command.js'

/** What a deployment produced: the answer, and new definitions to cache. */
export interface DeploymentOutcome {
  deployment: Deployment
  created: Array<{ definition: DefinitionData; executable: ExecutableProcess }>
}

/**
 * Stores a compiled deployment. Each process gets a new version unless its resource is
 * identical (same name, same checksum) to the latest version's, which is then returned; the
 * same holds for forms by form id. Writes DEPLOYMENT, PROCESS and FORM records. A new version
 * takes over the start events of the previous one (timers, message and signal subscriptions,
 * in a follow-up of the same transaction).
 */
export class DeployCommand implements InstanceCommand<DeploymentOutcome> {
  readonly kind = 'instance'
  /** The latest versions of the DMN graphs and decisions deployed (read in `load`). */
  #latestDecisions: LatestDecisionVersions | null = null
  /** The highest version of each process id and form id, deleted ones included (read in `load`). */
  #highestProcessVersions = new Map<string, number>()
  #highestFormVersions = new Map<string, number>()

  constructor(
    private readonly compiled: CompiledDeployment,
    private readonly tenantId: string,
    /** The start events of each process, by process id, evaluated beforehand. */
    private readonly startEvents: Map<string, StartEventSubscription[]> = new Map()
  ) {}

  plan(plan: PrefetchPlan): void {
    for (const resource of this.compiled.bpmn) {
      for (const process of resource.processes) {
        const ref = { tenantId: this.tenantId, bpmnProcessId: process.bpmnProcessId, version: null }
        plan.definitionRefs.set(refKey(ref), ref)
      }
    }
    for (const form of this.compiled.forms) {
      plan.latestForms.add(`${this.tenantId}/${form.formId}`)
    }
  }

  async load(tx: StoreTransaction): Promise<void> {
    this.#latestDecisions = await loadLatestDecisionVersions(tx, this.tenantId, this.compiled.dmn)
    this.#highestProcessVersions = await highestVersions(
      tx,
      'engine_process_definitions',
      'bpmn_process_id',
      this.tenantId,
      this.compiled.bpmn.flatMap((resource) => resource.processes.map((p) => p.bpmnProcessId))
    )
    this.#highestFormVersions = await highestVersions(
      tx,
      'engine_forms',
      'form_id',
      this.tenantId,
      this.compiled.forms.map((form) => form.formId)
    )
  }

  check(): void {}

  execute(batch: BatchContext, _processor: unknown, prefetched: Prefetched): DeploymentOutcome {
    const tenantId = this.tenantId
    const deploymentKey = batch.key()
    const outcome: DeploymentOutcome = {
      deployment: {
        deploymentKey,
        tenantId,
        processes: [],
        forms: [],
        ...deployDecisions(
          batch,
          tenantId,
          deploymentKey,
          this.compiled.dmn,
          this.#latestDecisions!
        ),
      },
      created: [],
    }
    for (const resource of this.compiled.bpmn) {
      let resourceKey: string | null = null
      for (const process of resource.processes) {
        const latest = prefetched.definitionsByRef.get(
          refKey({ tenantId, bpmnProcessId: process.bpmnProcessId, version: null })
        )
        if (
          latest &&
          latest.checksum === resource.checksum &&
          latest.resourceName === resource.name
        ) {
          outcome.deployment.processes.push(deployedProcess(latest))
          continue
        }
        if (resourceKey === null) {
          resourceKey = batch.key()
          batch.state.resources.push({
            resourceKey,
            deploymentKey,
            resourceName: resource.name,
            checksum: resource.checksum,
            content: resource.content,
            tenantId,
            createdAt: batch.now,
          })
        }
        const definition: DefinitionData = {
          processDefinitionKey: batch.key(),
          bpmnProcessId: process.bpmnProcessId,
          version: (this.#highestProcessVersions.get(process.bpmnProcessId) ?? 0) + 1,
          versionTag: process.versionTag,
          name: process.name,
          resourceKey,
          resourceName: resource.name,
          checksum: resource.checksum,
          tenantId,
          deploymentKey,
          createdAt: batch.now,
        }
        batch.state.definitions.push(definition)
        batch.append('PROCESS', 'CREATED', definition.processDefinitionKey, null, {
          ...deployedProcess(definition),
          deploymentKey,
          checksum: definition.checksum,
        })
        outcome.deployment.processes.push(deployedProcess(definition))
        outcome.created.push({ definition, executable: process })
        const starts = this.startEvents.get(process.bpmnProcessId) ?? []
        if (latest || starts.length > 0) {
          batch.followUps.push(
            new OpenStartEventsCommand(definition, starts, latest?.processDefinitionKey ?? null)
          )
        }
      }
    }
    for (const form of this.compiled.forms) {
      const latest = prefetched.latestForms.get(`${tenantId}/${form.formId}`)
      if (latest && latest.checksum === form.checksum && latest.resourceName === form.name) {
        outcome.deployment.forms.push(deployedForm(latest))
        continue
      }
      const created = {
        formKey: batch.key(),
        formId: form.formId,
        version: (this.#highestFormVersions.get(form.formId) ?? 0) + 1,
        versionTag: form.versionTag,
        resourceName: form.name,
        checksum: form.checksum,
        schema: form.content,
        tenantId,
        deploymentKey,
        createdAt: batch.now,
      }
      batch.state.forms.push(created)
      batch.append('FORM', 'CREATED', created.formKey, null, {
        ...deployedForm(created),
        deploymentKey,
        versionTag: created.versionTag,
      })
      outcome.deployment.forms.push(deployedForm(created))
    }
    batch.append('DEPLOYMENT', 'CREATED', deploymentKey, null, {
      tenantId,
      resources: [...this.compiled.bpmn, ...this.compiled.forms, ...this.compiled.dmn].map(
        (r) => r.name
      ),
      processes: outcome.deployment.processes.map((p) => p.processDefinitionKey),
      forms: outcome.deployment.forms.map((f) => f.formKey),
      decisions: outcome.deployment.decisions.map((d) => d.decisionDefinitionKey),
    })
    return outcome
  }
}

/**
 * The highest version of each id among the stored rows, deleted ones included: a version
 * number is never given twice, even after its resource was deleted (as in Zeebe).
 */
export async function highestVersions(
  tx: StoreTransaction,
  table: TableName,
  idColumn: string,
  tenantId: string,
  ids: string[]
): Promise<Map<string, number>> {
  const highest = new Map<string, number>()
  if (ids.length === 0) {
    return highest
  }
  const rows = await tx.query(table, {
    where: { tenant_id: tenantId, [idColumn]: [...new Set(ids)] },
    columns: [idColumn, 'version'],
  })
  for (const row of rows) {
    const id = String(row[idColumn])
    highest.set(id, Math.max(highest.get(id) ?? 0, Number(row.version)))
  }
  return highest
}

/** A process definition as deployments and PROCESS records show it. */
export function deployedProcess(definition: DefinitionData) {
  return {
    processDefinitionId: definition.bpmnProcessId,
    processDefinitionVersion: definition.version,
    processDefinitionKey: definition.processDefinitionKey,
    resourceName: definition.resourceName,
    tenantId: definition.tenantId,
    ...(definition.versionTag ? { versionTag: definition.versionTag } : {}),
  }
}

/** A form as deployments and FORM records show it. */
export function deployedForm(form: {
  formId: string
  version: number
  formKey: string
  resourceName: string
  tenantId: string
}) {
  return {
    formId: form.formId,
    version: form.version,
    formKey: form.formKey,
    resourceName: form.resourceName,
    tenantId: form.tenantId,
  }
}
