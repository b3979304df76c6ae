import type { BatchContext } from '../processing/batch_context.js'
import { FlowSelectionBehavior } from './flow_selection_behavior.js'
import { IncidentBehavior } from './incident_behavior.js'
import { JobBehavior } from './job_behavior.js'
import { StateTransitionBehavior, type ChildEndedHandler } from './state_transition_behavior.js'
import { UserTaskBehavior } from './user_task_behavior.js'
import { VariableBehavior } from './variable_behavior.js'
import { VariableMappingBehavior } from './variable_mapping_behavior.js'

/**
 * The behaviors processors share, bound to one batch: lifecycle transitions, variables and
 * mappings, jobs, user tasks, incidents and flow selection.
 */
export class BpmnBehaviors {
  readonly transitions: StateTransitionBehavior
  readonly variables: VariableBehavior
  readonly mappings: VariableMappingBehavior
  readonly jobs: JobBehavior
  readonly userTasks: UserTaskBehavior
  readonly incidents: IncidentBehavior
  readonly flows: FlowSelectionBehavior

  constructor(
    readonly batch: BatchContext,
    onChildEnded: ChildEndedHandler
  ) {
    this.transitions = new StateTransitionBehavior(batch, onChildEnded)
    this.variables = new VariableBehavior(batch)
    this.mappings = new VariableMappingBehavior(batch, this.variables)
    this.jobs = new JobBehavior(batch)
    this.userTasks = new UserTaskBehavior(batch)
    this.incidents = new IncidentBehavior(batch)
    this.flows = new FlowSelectionBehavior(batch)
  }
}
