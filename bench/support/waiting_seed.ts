import type { Knex } from 'knex'
import { EmbeddedEngine, SqlStore, type ActivatedJob } from '@senflow/engine'
import { insertRows } from './databases.js'
import { progress, sleep } from './figures.js'

/** The one-user-task process the memory benchmark keeps waiting. */
export const WAITING_PROCESS_ID = 'bench_waiting_dossier'

/** The unit its tasks are offered to (a demo unit). */
export const WAITING_UNIT = 'CONSULAR-LEGAL'

/** The BPMN of the waiting process: start, a user task offered to a unit, end. */
export const WAITING_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench_waiting_definitions" targetNamespace="http://senflow.local/bench">
  <bpmn:process id="${WAITING_PROCESS_ID}" name="Benchmark: a dossier waiting for review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review the dossier">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="${WAITING_UNIT}" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
`

/** How the app's inbox holds a user task job (see `engine_runtime.ts`). */
const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask'
const INBOX_WORKER = 'senflow-inbox'
const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000

function sqlTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * Makes `count` instances of the waiting process in an app database whose server is stopped,
 * as the server would have made them, but at the engine's pace: the engine (on the same
 * tables) creates the instances, a worker named as the app's inbox worker activates their
 * user task jobs (held for ten years, as the inbox holds them), and the inbox rows the app's
 * ingest would write (`user_tasks`, `user_task_candidates`) are inserted in multi-row
 * statements. A server started afterwards finds every task already in its inbox.
 */
export async function seedWaitingInstances(knex: Knex, count: number): Promise<void> {
  const engine = new EmbeddedEngine({ store: new SqlStore(knex) })
  await engine.start()
  const deployment = await engine.deploy([
    { name: 'bench_waiting_dossier.bpmn', content: WAITING_PROCESS },
  ])
  const processName = 'Benchmark: a dossier waiting for review'
  const pending: ActivatedJob[] = []
  let written = 0
  const worker = engine.openJobWorker({
    type: USER_TASK_JOB_TYPE,
    worker: INBOX_WORKER,
    timeout: TEN_YEARS,
    maxJobsActive: 2000,
    // the job stays activated, as while a task waits in the inbox
    handler: (job) => {
      pending.push(job)
    },
  })
  const flush = async () => {
    const jobs = pending.splice(0, 1000)
    if (jobs.length === 0) {
      return
    }
    const now = sqlTime(Date.now())
    const rows = jobs.map((job) => ({
      task_key: job.jobKey,
      state: 'CREATED',
      name: 'Review the dossier',
      element_id: job.elementId,
      element_instance_key: job.elementInstanceKey,
      process_instance_key: job.processInstanceKey,
      process_definition_key: job.processDefinitionKey,
      process_definition_id: job.processDefinitionId,
      process_definition_version: job.processDefinitionVersion,
      process_name: processName,
      assignee: null,
      assignee_id: null,
      candidate_users: '[]',
      candidate_groups: JSON.stringify([WAITING_UNIT]),
      priority: 50,
      business_id: String(job.variables.dossierCode ?? ''),
      business_context: String(job.variables.dossierCode ?? ''),
      custom_headers: JSON.stringify(job.customHeaders),
      variables: JSON.stringify(job.variables),
      created_at: now,
      updated_at: now,
    }))
    await insertRows(knex, 'user_tasks', rows)
    const ids = (await knex('user_tasks')
      .whereIn(
        'task_key',
        jobs.map((job) => job.jobKey)
      )
      .select('id')) as Array<{ id: number }>
    await insertRows(
      knex,
      'user_task_candidates',
      ids.map((row) => ({ task_id: row.id, kind: 'group', value: WAITING_UNIT, open: true }))
    )
    written += jobs.length
  }
  let created = 0
  const lane = async () => {
    while (created < count) {
      const index = ++created
      const code = `MEM-${String(index).padStart(6, '0')}`
      await engine.createProcessInstance({
        processDefinitionKey: deployment.processes[0].processDefinitionKey,
        variables: { dossierCode: code, applicant: `Applicant ${index}`, documents: 2 },
      })
      if (index % 20_000 === 0) {
        progress(`  ${index} waiting instances`)
      }
    }
  }
  let creating = true
  const flusher = (async () => {
    while (creating || pending.length > 0 || written < count) {
      await flush()
      if (pending.length === 0) {
        await sleep(100)
      }
    }
  })()
  await Promise.all(Array.from({ length: 256 }, lane))
  creating = false
  await flusher
  await worker.close()
  await engine.stop()
}
