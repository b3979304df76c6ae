import type { DeploymentResource } from '../../src/port.js'

/** Wraps flow elements in a BPMN document with one executable process. */
export function bpmnProcess(id: string, body: string, processExtras = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${id}" targetNamespace="http://senflow.example/bpmn">
  <bpmn:error id="Error_${id}" errorCode="CHILD_ERR" />
  <bpmn:escalation id="Escalation_${id}" escalationCode="NEEDS_HELP" />
  <bpmn:process id="${id}" isExecutable="true">${processExtras}
${body}
  </bpmn:process>
</bpmn:definitions>`
}

/** A deployment resource from BPMN text. */
export function resource(name: string, xml: string): DeploymentResource {
  return { name, content: Buffer.from(xml) }
}

/** A service task with a job type. */
export function serviceTask(id: string, type: string, inner = ''): string {
  return `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${inner}</bpmn:extensionElements></bpmn:serviceTask>`
}

/** A sequence flow. */
export function flow(source: string, target: string, condition?: string): string {
  const body = condition
    ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>`
    : ''
  return `<bpmn:sequenceFlow id="f_${source}_${target}" sourceRef="${source}" targetRef="${target}">${body}</bpmn:sequenceFlow>`
}

/** Whether `items` appear in `list` in this order (not necessarily next to each other). */
export function inOrder(list: string[], items: string[]): boolean {
  let index = 0
  for (const entry of list) {
    if (entry === items[index]) {
      index++
    }
  }
  return index === items.length
}
