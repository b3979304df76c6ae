/**
 * The process every engine benchmark runs: a none start event, three service tasks and a none
 * end event. The Zeebe dialect for Senflow, plain BPMN with service expressions for
 * `bpmn-engine`; the same shape on both.
 */

/** The job types of the three service tasks (one in-process worker each). */
export const JOB_TYPES = ['bench-check', 'bench-register', 'bench-notify'] as const

/** The process id of the benchmark process. */
export const PROCESS_ID = 'bench_three_tasks'

/** The benchmark process in Senflow's (Zeebe) dialect. */
export const THREE_TASKS_ZEEBE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench_definitions" targetNamespace="http://senflow.local/bench">
  <bpmn:process id="${PROCESS_ID}" name="Benchmark: three service tasks" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:serviceTask id="check" name="Check">
      <bpmn:extensionElements><zeebe:taskDefinition type="${JOB_TYPES[0]}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="register" />
    <bpmn:serviceTask id="register" name="Register">
      <bpmn:extensionElements><zeebe:taskDefinition type="${JOB_TYPES[1]}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="register" targetRef="notify" />
    <bpmn:serviceTask id="notify" name="Notify">
      <bpmn:extensionElements><zeebe:taskDefinition type="${JOB_TYPES[2]}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="notify" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
`

/** The same process for `bpmn-engine`: each service task calls a service from the environment. */
export const THREE_TASKS_PLAIN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench_definitions" targetNamespace="http://senflow.local/bench">
  <process id="${PROCESS_ID}" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <serviceTask id="check" name="Check" implementation="\${environment.services.check}" />
    <sequenceFlow id="f2" sourceRef="check" targetRef="register" />
    <serviceTask id="register" name="Register" implementation="\${environment.services.register}" />
    <sequenceFlow id="f3" sourceRef="register" targetRef="notify" />
    <serviceTask id="notify" name="Notify" implementation="\${environment.services.notify}" />
    <sequenceFlow id="f4" sourceRef="notify" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>
`
