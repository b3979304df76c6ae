import type { BatchContext } from '../processing/batch_context.js'
import { CallActivityBehavior } from './call_activity_behavior.js'
import { CatchEventBehavior, type SubscriptionOpened } from './catch_event_behavior.js'
import { CompensationBehavior } from './compensation_behavior.js'
import { MultiInstanceBehavior } from './multi_instance_behavior.js'
import { EventPublicationBehavior } from './event_publication_behavior.js'
import { EventTriggerBehavior } from './event_trigger_behavior.js'
import { FlowSelectionBehavior } from './flow_selection_behavior.js'
import { IncidentBehavior } from './incident_behavior.js'
import { InstanceCreationBehavior } from './instance_creation_behavior.js'
import { JobBehavior } from './job_behavior.js'
import {
  StateTransitionBehavior,
  type ChildEndedHandler,
  type InstanceEndedHandler,
} from './state_transition_behavior.js'
import { UserTaskBehavior } from './user_task_behavior.js'
import { VariableBehavior } from './variable_behavior.js'
import { VariableMappingBehavior } from './variable_mapping_behavior.js'

/** What the processing layer wires into the behaviors (they never import commands). */
export interface BehaviorHooks {
  /** A container's child ended: the container's processor reacts. */
  childEnded: ChildEndedHandler
  /** A message subscription opened: buffered messages may be waiting for it. */
  messageSubscriptionOpened: SubscriptionOpened
  /** A process instance ended (completed or terminated). */
  instanceEnded: InstanceEndedHandler
}

/**
 * The behaviors processors share, bound to one batch: lifecycle transitions, variables and
 * mappings, jobs, user tasks, incidents, flow selection, and the events of part 2: waits
 * (catch events), triggers, thrown errors and escalations, instance creation.
 */
export class BpmnBehaviors {
  readonly transitions: StateTransitionBehavior
  readonly variables: VariableBehavior
  readonly mappings: VariableMappingBehavior
  readonly jobs: JobBehavior
  readonly userTasks: UserTaskBehavior
  readonly incidents: IncidentBehavior
  readonly flows: FlowSelectionBehavior
  readonly catchEvents: CatchEventBehavior
  readonly triggers: EventTriggerBehavior
  readonly publications: EventPublicationBehavior
  readonly creation: InstanceCreationBehavior
  readonly callActivities: CallActivityBehavior
  readonly multiInstance: MultiInstanceBehavior
  readonly compensation: CompensationBehavior

  constructor(
    readonly batch: BatchContext,
    hooks: BehaviorHooks
  ) {
    this.transitions = new StateTransitionBehavior(batch, {
      childEnded: hooks.childEnded,
      instanceEnded: hooks.instanceEnded,
      interrupted: (context) => this.triggers.continueAfterInterruption(context),
    })
    this.variables = new VariableBehavior(batch)
    this.mappings = new VariableMappingBehavior(batch, this.variables)
    this.jobs = new JobBehavior(batch)
    this.userTasks = new UserTaskBehavior(batch)
    this.incidents = new IncidentBehavior(batch)
    this.flows = new FlowSelectionBehavior(batch)
    this.catchEvents = new CatchEventBehavior(batch, hooks.messageSubscriptionOpened)
    this.triggers = new EventTriggerBehavior(
      batch,
      this.transitions,
      this.variables,
      this.catchEvents
    )
    this.publications = new EventPublicationBehavior(batch, this.triggers)
    this.creation = new InstanceCreationBehavior(batch, this.variables)
    this.callActivities = new CallActivityBehavior(batch, this.transitions, this.creation)
    this.compensation = new CompensationBehavior(batch, this.transitions)
    this.multiInstance = new MultiInstanceBehavior(
      batch,
      this.transitions,
      this.variables,
      this.incidents
    )
  }
}
