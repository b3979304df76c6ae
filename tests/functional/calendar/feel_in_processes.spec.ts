import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { ControllableClock } from '@senflow/engine'
import DeploymentService from '#services/deployment_service'

/**
 * A condition, a timer and a user task due date written with the business calendar's FEEL
 * functions. `received` is Saturday 15 February 2025, a make-up working day.
 */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="calendar-feel-definitions" targetNamespace="http://senflow.test/calendar">
  <bpmn:process id="calendar-feel" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="working" />
    <bpmn:exclusiveGateway id="working" default="closed" />
    <bpmn:sequenceFlow id="open" sourceRef="working" targetRef="wait">
      <bpmn:conditionExpression>= is working day(received) and not(is working day(date("2025-01-29")))</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="closed" sourceRef="working" targetRef="closed_end" />
    <bpmn:endEvent id="closed_end" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition>
        <bpmn:timeDate>= date and time(add working days(date(received), 1), time("08:00:00+07:00"))</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="handle" />
    <bpmn:userTask id="handle" name="Handle">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="CONSULAR-LEGAL" />
        <zeebe:taskSchedule dueDate="= add working days(now(), 5)" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="handle" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
</bpmn:definitions>`

test.group('Business calendar in process expressions', () => {
  test('conditions, timers and due dates count working days across Tết and make-up days', async ({
    assert,
    cleanup,
  }) => {
    const embedded = await app.container.make('senflow.embeddedEngine')
    const clock = embedded!.clock as ControllableClock
    cleanup(() => clock.reset())
    clock.pin(Date.parse('2025-02-14T10:00:00+07:00'))
    const deployments = await app.container.make(DeploymentService)
    await deployments.deploy([{ name: 'calendar-feel.bpmn', content: MODEL }], {
      id: null,
      email: 'test@demo.senflow.local',
    })
    const engine = await app.container.make('senflow.engine')

    // when an instance starts with the make-up Saturday
    const { processInstanceKey } = await engine.createProcessInstance({
      processDefinitionId: 'calendar-feel',
      variables: { received: '2025-02-15' },
    })

    // then the gateway took the working-day path and the timer waits for Monday 17/2, 08:00
    const timerOf = async () =>
      (await engine.getRecords(processInstanceKey)).find(
        (record) => record.valueType === 'TIMER' && record.intent === 'CREATED'
      )
    const timer = await timerOf()
    assert.exists(timer, 'the timer was created')
    assert.equal(
      new Date(timer!.value.dueDate as number).toISOString(),
      new Date('2025-02-17T08:00:00+07:00').toISOString()
    )

    // and when the timer fires, the task is due five working days later
    clock.pin(Date.parse('2025-02-17T08:00:01+07:00'))
    let job = null
    for (let attempt = 0; attempt < 100 && !job; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      job = (await engine.getRecords(processInstanceKey)).find(
        (record) => record.valueType === 'JOB' && record.intent === 'CREATED'
      )
    }
    assert.exists(job, 'the user task job was created')
    const headers = job!.value.customHeaders as Record<string, unknown>
    const due = String(headers['io.camunda.zeebe:dueDate'])
    assert.equal(new Date(due).toISOString(), new Date('2025-02-24T01:00:01Z').toISOString())
    await engine.cancelProcessInstance(processInstanceKey)
  })
})
