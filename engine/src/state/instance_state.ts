import type { JsonObject, JsonValue } from '../feel/feel_values.js'
import type { BpmnElementType, ProcessInstanceState } from '../intents.js'
import type { ElementState } from './lifecycle.js'

/** One live element instance (the process itself, a sub-process, a task, a gateway …). */
export interface ElementInstanceData {
  key: string
  elementId: string
  type: BpmnElementType
  /** The element instance of the container this one runs in; `null` for the process. */
  flowScopeKey: string | null
  state: ElementState
  /** How many live element instances run inside this one. */
  childCount: number
  /**
   * Tokens on sequence flows inside this container that have not activated their target yet:
   * by target element id, then by flow id. Joins wait here; the container is not finished
   * while any token remains.
   */
  tokens: Record<string, Record<string, number>> | null
  /** The job this element waits on, if any. */
  jobKey: string | null
  /** The open incident of this element, if any. */
  incidentKey: string | null
  /**
   * The event trigger this element waits to apply: the variables of a completed job, or of the
   * event it caught itself (a correlated message, a fired timer: `eventKey` names that event).
   * Consumed when the element completes.
   */
  trigger: { variables: JsonObject; eventKey?: string } | null
  /**
   * The interrupting event caught on this element (a boundary event of this activity, or an
   * event sub-process of this container): while its work ends, no other interrupting event is
   * accepted; then the caught event runs (`started` once it did, for containers).
   */
  interruptingEvent?: { key: string; elementId: string; started?: boolean } | null
  startDate: number
  /** A call activity: the process instance it called (while that instance is active). */
  calledChildKey?: string | null
  /** A multi-instance body: how many inner instances were created, completed, terminated. */
  loop?: { created: number; completed: number; terminated: number } | null
}

/** What an open wait is: its kind, the element instance that owns it, the element it triggers. */
export interface WaitData {
  kind: 'TIMER' | 'MESSAGE' | 'SIGNAL' | 'CONDITIONAL'
  /**
   * The owner: the catch event or receive task itself, the event-based gateway, the activity a
   * boundary event is attached to, or the container of an event sub-process.
   */
  scopeKey: string
  /** The catch element the wait triggers. */
  elementId: string
  /** The value of the record that opened it (closing records repeat it). */
  value: { [name: string]: JsonValue }
}

/** An event caught and kept until the element it triggers runs (Zeebe's event trigger). */
export interface EventTriggerData {
  /** The owner of the wait that caught it. */
  scopeKey: string
  /** The element to run: a boundary event, an event sub-process start event, a start event. */
  elementId: string
  variables: JsonObject
}

/** A completed activity that can be compensated (its handler runs when compensation is thrown). */
export interface CompensationData {
  /** The subscription key. */
  key: string
  /** The completed activity instance. */
  elementInstanceKey: string
  elementId: string
  /** The handler activity to run. */
  handlerId: string
  /** The scopes it completed in, innermost first (they may have ended since). */
  scopePath: Array<{ key: string; elementId: string }>
  /** Once triggered: the throw event waiting for the handler, and the handler instance. */
  throwEventInstanceKey: string | null
  handlerInstanceKey: string | null
}

/** A variable stored in a scope. */
export interface VariableData {
  key: string
  value: JsonValue
}

/** An open incident, as the instance remembers it. */
export interface InstanceIncident {
  elementInstanceKey: string
  jobKey: string | null
}

/**
 * The whole state of one process instance, small and loaded whole per command: the tree of
 * live element instances, the variables of every scope and the open incidents. This is what is
 * serialized into the instance row.
 */
export interface ProcessInstanceData {
  processInstanceKey: string
  processDefinitionKey: string
  bpmnProcessId: string
  version: number
  tenantId: string
  businessId: string | null
  /** Set while the instance is active and its process asks for unique business ids. */
  uniqueBusinessKey: string | null
  state: ProcessInstanceState
  startDate: number
  endDate: number | null
  elements: Record<string, ElementInstanceData>
  variables: Record<string, Record<string, VariableData>>
  incidents: Record<string, InstanceIncident>
  /** Open waits (timers, message, signal and conditional subscriptions), by key. */
  waits: Record<string, WaitData>
  /** Caught events whose element has not run yet, by event key. */
  eventTriggers: Record<string, EventTriggerData>
  /**
   * Set when a message start event created the instance with a correlation key: the lock on
   * that key is released when the instance ends.
   */
  startCorrelation: { correlationHash: string; correlationKey: string } | null
  /** A child instance created by a call activity: the calling instance and element instance. */
  parentProcessInstanceKey?: string | null
  parentElementInstanceKey?: string | null
  /**
   * Completed activities that have a compensation handler, in completion order, until their
   * scope ends (Zeebe's compensation subscriptions).
   */
  compensations?: CompensationData[]
  /**
   * Set while an administrator has suspended the instance: its jobs are not handed out, its
   * timer and subscription rows are withdrawn (the waits stay here), nothing completes.
   */
  suspended?: boolean
}

/**
 * A process instance's state with the lookups processing needs. Mutated only by the event
 * appliers; processors and behaviors read it.
 */
export class ProcessInstance {
  constructor(readonly data: ProcessInstanceData) {
    // states written before part 2 have no waits
    data.waits ??= {}
    data.eventTriggers ??= {}
    data.startCorrelation ??= null
  }

  get key(): string {
    return this.data.processInstanceKey
  }

  /** The element instance with that key, if it is live. */
  element(key: string): ElementInstanceData | undefined {
    return this.data.elements[key]
  }

  /** The live element instances running directly inside the given container instance. */
  children(flowScopeKey: string): ElementInstanceData[] {
    const children: ElementInstanceData[] = []
    for (const element of Object.values(this.data.elements)) {
      if (element.flowScopeKey === flowScopeKey) {
        children.push(element)
      }
    }
    return children
  }

  /** Whether a container instance has neither live children nor tokens waiting inside it. */
  isEmpty(flowScopeKey: string): boolean {
    const scope = this.data.elements[flowScopeKey]
    return !!scope && scope.childCount === 0 && scope.tokens === null
  }

  /** The open waits owned by an element instance, with their keys. */
  waitsOf(scopeKey: string): Array<[string, WaitData]> {
    const waits: Array<[string, WaitData]> = []
    for (const key in this.data.waits) {
      if (this.data.waits[key].scopeKey === scopeKey) {
        waits.push([key, this.data.waits[key]])
      }
    }
    return waits
  }

  /** Whether any conditional subscription is open (variable changes must be looked at). */
  get hasConditionalWaits(): boolean {
    for (const key in this.data.waits) {
      if (this.data.waits[key].kind === 'CONDITIONAL') {
        return true
      }
    }
    return false
  }

  /** Whether the instance has an open incident. */
  get hasIncident(): boolean {
    for (const key in this.data.incidents) {
      if (key) {
        return true
      }
    }
    return false
  }

  /** The local variables of a scope (empty object when none). */
  localVariables(scopeKey: string): Record<string, VariableData> {
    return this.data.variables[scopeKey] ?? EMPTY
  }

  /** The parent scope of a scope (its flow scope), or `null` at the process instance. */
  parentScope(scopeKey: string): string | null {
    return this.data.elements[scopeKey]?.flowScopeKey ?? null
  }

  /** The scope holding a visible variable of that name, starting at `scopeKey`, or `null`. */
  findScopeOf(scopeKey: string, name: string): string | null {
    let scope: string | null = scopeKey
    while (scope !== null) {
      if (this.data.variables[scope]?.[name] !== undefined) {
        return scope
      }
      scope = this.parentScope(scope)
    }
    return null
  }

  /** The value of the nearest visible variable of that name, or `undefined`. */
  variable(scopeKey: string, name: string): JsonValue | undefined {
    const scope = this.findScopeOf(scopeKey, name)
    return scope === null ? undefined : this.data.variables[scope][name].value
  }

  /** Every variable visible from a scope, inner scopes shadowing outer ones. */
  visibleVariables(scopeKey: string): JsonObject {
    const chain: string[] = []
    let scope: string | null = scopeKey
    while (scope !== null) {
      chain.push(scope)
      scope = this.parentScope(scope)
    }
    const result: JsonObject = {}
    for (let index = chain.length - 1; index >= 0; index--) {
      const variables = this.data.variables[chain[index]]
      if (variables) {
        for (const name in variables) {
          result[name] = variables[name].value
        }
      }
    }
    return result
  }
}

const EMPTY: Record<string, VariableData> = Object.freeze({}) as Record<string, VariableData>
