import {
  decisionFromRow,
  requirementsFromRow,
  type DecisionData,
  type DecisionRequirementsData,
} from '../../dmn/decision_rows.js'
import { deployedDecision, deployedRequirements } from '../../dmn/decision_deployment.js'
import { InvalidStateError, NotFoundError } from '../../errors.js'
import type { JsonValue } from '../../feel/feel_values.js'
import type { DefinitionData, FormData } from '../../state/entities.js'
import { deployedRowKey } from '../../state/resource_deletion_appliers.js'
import { definitionFromRow, formFromRow } from '../../store/rows.js'
import type { Row, StoreTransaction, TableName } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import { deployedForm, deployedProcess } from './deploy_command.js'
import type { InstanceCommand } from './engine_command.js'
import {
  OpenStartEventsCommand,
  startEventSubscriptions,
  type StartEventSubscription,
} from './start_event_commands.js'

/** What a resource key named, as found (not deleted) in the store. */
type DeletionTarget =
  | {
      kind: 'process'
      definition: DefinitionData
      /** Instances of the definition still running (active or suspended), from the store. */
      runningKeys: string[]
      /** Whether the definition is the latest version of its process id. */
      latest: boolean
      /** The version that becomes the latest again (when the latest one is deleted). */
      previous: DefinitionData | null
    }
  | { kind: 'decisions'; requirements: DecisionRequirementsData; decisions: DecisionData[] }
  | { kind: 'form'; form: FormData }

/**
 * Deletes a deployed resource by key, as Zeebe's `DeleteResource` (8.3+): a process
 * definition, a decision requirements graph (with its decisions) or a form. Writes
 * RESOURCE_DELETION DELETING, then what it deletes (PROCESS DELETING … DELETED, DECISION and
 * DECISION_REQUIREMENTS DELETED, FORM DELETED), then RESOURCE_DELETION DELETED.
 *
 * A deleted process definition creates no instance any more. When it was the latest version,
 * its start events (timers, message and signal subscriptions) close and those of the version
 * before it, which becomes the latest again, open. Version numbers are never given again.
 * Unlike Zeebe, which deletes a definition once its last instance ended, a definition with
 * running instances is refused (`InvalidStateError`) and nothing is deleted.
 */
export class DeleteResourceCommand implements InstanceCommand<void> {
  readonly kind = 'instance'
  #target: DeletionTarget | null = null
  /** The start events to close and open, when the latest version of a process is deleted. */
  #startEvents: OpenStartEventsCommand | null = null
  #subscriptions: StartEventSubscription[] = []

  constructor(private readonly resourceKey: string) {}

  plan(): void {}

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const key = this.resourceKey
    const definitionRow = await this.#lockLive(tx, batch, 'engine_process_definitions', key)
    if (definitionRow) {
      const definition = definitionFromRow(definitionRow)
      const running = await tx.query('engine_process_instances', {
        where: { process_definition_key: key, state: ['ACTIVE', 'SUSPENDED'] },
        columns: ['process_instance_key'],
      })
      const [latest, before] = (
        await tx.query('engine_process_definitions', {
          where: {
            tenant_id: definition.tenantId,
            bpmn_process_id: definition.bpmnProcessId,
            deleted_at: null,
          },
          orderBy: [{ column: 'version', order: 'desc' }],
          limit: 2,
        })
      ).map(definitionFromRow)
      const isLatest = latest?.processDefinitionKey === key
      const previous = isLatest && before ? before : null
      this.#target = {
        kind: 'process',
        definition,
        runningKeys: running.map((row) => String(row.process_instance_key)),
        latest: isLatest,
        previous,
      }
      if (isLatest) {
        this.#startEvents = new OpenStartEventsCommand(previous ?? definition, [], key)
        await this.#startEvents.load(tx)
      }
      return
    }
    const graphRow = await this.#lockLive(tx, batch, 'engine_decision_requirements', key)
    if (graphRow) {
      const decisionRows = await tx.query('engine_decisions', {
        where: { decision_requirements_key: key, deleted_at: null },
        orderBy: [{ column: 'decision_key', order: 'asc' }],
      })
      for (const row of decisionRows) {
        batch.state.deployedRows.set(
          deployedRowKey('engine_decisions', String(row.decision_key)),
          row
        )
      }
      this.#target = {
        kind: 'decisions',
        requirements: requirementsFromRow(graphRow),
        decisions: decisionRows.map(decisionFromRow),
      }
      return
    }
    const formRow = await this.#lockLive(tx, batch, 'engine_forms', key)
    if (formRow) {
      this.#target = { kind: 'form', form: formFromRow(formRow) }
    }
  }

  definitionKeys(): string[] {
    const target = this.#target
    return target?.kind === 'process' && target.previous
      ? [target.previous.processDefinitionKey]
      : []
  }

  check(batch: BatchContext): void {
    const target = this.#target
    if (!target) {
      throw new NotFoundError(
        `Expected to delete resource but no resource found with key '${this.resourceKey}'`
      )
    }
    if (target.kind !== 'process') {
      return
    }
    const { definition, previous } = target
    const running = runningInstances(batch, definition.processDefinitionKey, target.runningKeys)
    if (running > 0) {
      throw new InvalidStateError(
        `Expected to delete process definition '${definition.bpmnProcessId}' version ` +
          `${definition.version} (key '${definition.processDefinitionKey}'), but ${running} ` +
          `instance${running === 1 ? ' of it is' : 's of it are'} still running: cancel ` +
          `${running === 1 ? 'it' : 'them'} or migrate ${running === 1 ? 'it' : 'them'} ` +
          'to another version first'
      )
    }
    if (previous) {
      const subscriptions = startEventSubscriptions(
        batch.definition(previous.processDefinitionKey).executable,
        batch.services.language,
        batch.now
      )
      if (!Array.isArray(subscriptions)) {
        throw new InvalidStateError(
          `Expected to open the start events of process '${previous.bpmnProcessId}' version ` +
            `${previous.version}, which becomes the latest again, but start event ` +
            `'${subscriptions.elementId}': ${subscriptions.message}`
        )
      }
      this.#subscriptions = subscriptions
    }
  }

  execute(batch: BatchContext): void {
    const target = this.#target!
    const deletionKey = batch.key()
    const deletion = { resourceKey: this.resourceKey, tenantId: tenantOf(target) }
    batch.append('RESOURCE_DELETION', 'DELETING', deletionKey, null, deletion)
    switch (target.kind) {
      case 'process': {
        const { definition } = target
        const value = {
          ...deployedProcess(definition),
          deploymentKey: definition.deploymentKey,
          checksum: definition.checksum,
        }
        batch.append('PROCESS', 'DELETING', definition.processDefinitionKey, null, value)
        if (this.#startEvents) {
          this.#startEvents.open(this.#subscriptions)
          this.#startEvents.execute(batch)
        }
        batch.append('PROCESS', 'DELETED', definition.processDefinitionKey, null, value)
        break
      }
      case 'decisions':
        for (const decision of target.decisions) {
          batch.append('DECISION', 'DELETED', decision.decisionKey, null, {
            ...deployedDecision(decision),
            deploymentKey: decision.deploymentKey,
            versionTag: decision.versionTag,
          } as { [name: string]: JsonValue })
        }
        batch.append(
          'DECISION_REQUIREMENTS',
          'DELETED',
          target.requirements.decisionRequirementsKey,
          null,
          {
            ...deployedRequirements(target.requirements),
            deploymentKey: target.requirements.deploymentKey,
            checksum: target.requirements.checksum,
          } as { [name: string]: JsonValue }
        )
        break
      case 'form':
        batch.append('FORM', 'DELETED', target.form.formKey, null, {
          ...deployedForm(target.form),
          deploymentKey: target.form.deploymentKey,
          versionTag: target.form.versionTag,
        })
        break
    }
    batch.append('RESOURCE_DELETION', 'DELETED', deletionKey, null, deletion)
  }

  /**
   * Reads (and locks, on MySQL/MariaDB) the row with that key if it is not deleted, keeping it
   * for the applier that marks it deleted.
   */
  async #lockLive(
    tx: StoreTransaction,
    batch: BatchContext,
    table: TableName,
    key: string
  ): Promise<Row | null> {
    const [row] = await tx.lock(table, [key])
    if (!row || (row.deleted_at !== null && row.deleted_at !== undefined)) {
      return null
    }
    batch.state.deployedRows.set(deployedRowKey(table, key), row)
    return row
  }
}

/**
 * How many instances of a definition run: those the store holds as running, corrected by what
 * this batch did before the deletion (instances created, ended or migrated).
 */
function runningInstances(batch: BatchContext, definitionKey: string, stored: string[]): number {
  const running = new Set(stored)
  for (const [key, instance] of batch.state.instances) {
    if (instance.data.processDefinitionKey === definitionKey && instance.data.state === 'ACTIVE') {
      running.add(key)
    } else {
      running.delete(key)
    }
  }
  return running.size
}

function tenantOf(target: DeletionTarget): string {
  switch (target.kind) {
    case 'process':
      return target.definition.tenantId
    case 'decisions':
      return target.requirements.tenantId
    case 'form':
      return target.form.tenantId
  }
}
