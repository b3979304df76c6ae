import { createHash } from 'node:crypto'
import { AlreadyExistsError } from '../../errors.js'
import type { JsonObject } from '../../feel/feel_values.js'
import type { MessageData, SubscriptionData } from '../../state/entities.js'
import { messageFromRow, messageIdHash, subscriptionFromRow } from '../../store/rows.js'
import type { StoreTransaction } from '../../store/store.js'
import type { BatchContext } from '../batch_context.js'
import type { BpmnStreamProcessor } from '../bpmn_stream_processor.js'
import type { InstanceCommand, PrefetchPlan } from './engine_command.js'

/** A message as `POST /v2/messages/publication` or `/correlation` sends it, checked. */
export interface MessageInput {
  name: string
  /** `''` when none was given. */
  correlationKey: string
  /** How long it is buffered (ms); 0 or less: not at all. */
  timeToLive: number
  messageId: string | null
  variables: JsonObject
  tenantId: string
}

/** What a correlation reached. */
export interface CorrelationOutcome {
  /** Instances that caught the message (existing or created), in order. */
  processInstanceKeys: string[]
  /** The instance a message start event created, if any (it answers a correlation first). */
  startedInstanceKey: string | null
}

/** The hash of the correlation-key lock of instances created by a message start event. */
export function startCorrelationHash(
  tenantId: string,
  bpmnProcessId: string,
  correlationKey: string
): string {
  return createHash('sha256')
    .update(`${tenantId}\u0000${bpmnProcessId}\u0000${correlationKey}`)
    .digest('hex')
}

/**
 * Reads the message subscriptions a message can reach (of instances: by name, correlation key
 * and tenant; of start events: by name and tenant) into the batch, with the correlation-key
 * locks of their processes.
 */
async function loadSubscriptions(
  tx: StoreTransaction,
  batch: BatchContext,
  message: { name: string; correlationKey: string; tenantId: string }
): Promise<void> {
  const where = { message_name: message.name, tenant_id: message.tenantId }
  const rows = [
    ...(await tx.query('engine_message_subscriptions', {
      where: { ...where, correlation_key: message.correlationKey },
    })),
    // message start events have no correlation key
    ...(await tx.query('engine_message_subscriptions', {
      where: { ...where, correlation_key: null },
    })),
  ]
  const hashes: string[] = []
  for (const subscription of rows.map(subscriptionFromRow)) {
    if (subscription.processInstanceKey === null) {
      hashes.push(
        startCorrelationHash(message.tenantId, subscription.bpmnProcessId, message.correlationKey)
      )
    }
    batch.state.messageSubscriptions.load(subscription.subscriptionKey, subscription)
  }
  if (message.correlationKey !== '' && hashes.length > 0) {
    for (const row of await tx.lock('engine_start_correlations', hashes)) {
      const lock = {
        correlationHash: String(row.correlation_hash),
        tenantId: String(row.tenant_id),
        bpmnProcessId: String(row.bpmn_process_id),
        correlationKey: String(row.correlation_key),
        processInstanceKey: String(row.process_instance_key),
      }
      batch.state.startCorrelations.load(lock.correlationHash, lock)
    }
  }
}

/** The subscriptions known to the batch that a message reaches, oldest first. */
function reachedBy(
  batch: BatchContext,
  message: { name: string; correlationKey: string; tenantId: string }
): { instances: SubscriptionData[]; starts: SubscriptionData[] } {
  const instances: SubscriptionData[] = []
  const starts: SubscriptionData[] = []
  for (const subscription of batch.state.messageSubscriptions.values()) {
    if (subscription.name !== message.name || subscription.tenantId !== message.tenantId) {
      continue
    }
    if (subscription.processInstanceKey === null) {
      starts.push(subscription)
    } else if (subscription.correlationKey === message.correlationKey) {
      instances.push(subscription)
    }
  }
  const byKey = (a: SubscriptionData, b: SubscriptionData) =>
    Number(a.subscriptionKey) - Number(b.subscriptionKey)
  return { instances: instances.sort(byKey), starts: starts.sort(byKey) }
}

/** A message being correlated. */
interface Correlating {
  messageKey: string
  name: string
  correlationKey: string
  tenantId: string
  variables: JsonObject
}

/**
 * Correlates a message, as Zeebe does: to the open subscriptions of instances with its name and
 * correlation key, and to the message start events with its name, at most once per BPMN process
 * id (`correlated` holds the ids reached already); a start event creates an instance unless one
 * created by a message with the same correlation key is still active. With `dryRun`, only
 * tells what would be reached.
 */
function correlate(
  batch: BatchContext,
  processor: BpmnStreamProcessor,
  message: Correlating,
  dryRun = false,
  correlated = new Set<string>()
): CorrelationOutcome {
  const outcome: CorrelationOutcome = { processInstanceKeys: [], startedInstanceKey: null }
  const { instances, starts } = reachedBy(batch, message)
  const triggers = processor.behaviors.triggers
  for (const subscription of instances) {
    const instance = batch.state.instance(subscription.processInstanceKey)
    const wait = instance?.data.waits[subscription.subscriptionKey]
    const event =
      instance &&
      batch
        .definition(instance.data.processDefinitionKey)
        .executable.elements.get(subscription.elementId)
    if (!instance || !wait || !event || correlated.has(subscription.bpmnProcessId)) {
      continue
    }
    const reached = dryRun
      ? triggers.canTrigger(instance, wait.scopeKey, event)
      : triggers.triggerWait(
          instance,
          subscription.subscriptionKey,
          message.variables,
          message.messageKey
        )
    if (reached) {
      correlated.add(subscription.bpmnProcessId)
      outcome.processInstanceKeys.push(instance.key)
    }
  }
  for (const start of starts) {
    if (correlated.has(start.bpmnProcessId)) {
      continue
    }
    const started = startAt(batch, processor, start, message, dryRun)
    if (started !== null) {
      correlated.add(start.bpmnProcessId)
      outcome.startedInstanceKey ??= started
      outcome.processInstanceKeys.push(started)
    }
  }
  return outcome
}

/**
 * Creates an instance at a message start event for a message, unless an instance created by a
 * message with the same correlation key is still active. Returns its key (`''` in a dry run),
 * or `null`.
 */
function startAt(
  batch: BatchContext,
  processor: BpmnStreamProcessor,
  start: SubscriptionData,
  message: Correlating,
  dryRun: boolean
): string | null {
  const loaded = batch.definitions.get(start.processDefinitionKey)
  const event = loaded?.executable.elements.get(start.elementId)
  const hash =
    message.correlationKey === ''
      ? null
      : startCorrelationHash(message.tenantId, start.bpmnProcessId, message.correlationKey)
  if (!loaded || !event || (hash !== null && batch.state.startCorrelations.get(hash))) {
    return null
  }
  if (dryRun) {
    return ''
  }
  return processor.behaviors.creation.createAtEvent(loaded, event, message.variables, (created) => {
    batch.append('MESSAGE_START_EVENT_SUBSCRIPTION', 'CORRELATED', start.subscriptionKey, created, {
      processInstanceKey: created,
      processDefinitionKey: start.processDefinitionKey,
      bpmnProcessId: start.bpmnProcessId,
      elementId: start.elementId,
      startEventId: start.elementId,
      messageKey: message.messageKey,
      messageName: message.name,
      correlationKey: message.correlationKey,
      correlationHash: hash,
      variables: message.variables,
      tenantId: start.tenantId,
    })
  })
}

/** The value of MESSAGE records. */
function messageValue(input: MessageInput, deadline: number | null) {
  return {
    name: input.name,
    correlationKey: input.correlationKey,
    timeToLive: input.timeToLive,
    deadline,
    messageId: input.messageId,
    variables: input.variables,
    tenantId: input.tenantId,
  }
}

/**
 * `POST /v2/messages/publication`: the message correlates to what waits for it now; with a
 * time to live it also stays buffered for subscriptions opened later (each process id gets it
 * once); without, it expires at once. A second message with the same id, name and correlation
 * key is refused while the first is buffered.
 */
export class PublishMessageCommand implements InstanceCommand<string> {
  readonly kind = 'instance'
  #sameId: MessageData | null = null

  constructor(private readonly input: MessageInput) {}

  plan(): void {}

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    await loadSubscriptions(tx, batch, this.input)
    const { messageId, tenantId, name, correlationKey } = this.input
    this.#sameId = null
    if (messageId !== null) {
      const hash = messageIdHash(tenantId, name, correlationKey, messageId)
      const [row] = await tx.query('engine_messages', { where: { message_id_hash: hash } })
      if (row) {
        this.#sameId = messageFromRow(row)
        batch.state.messages.load(this.#sameId.messageKey, this.#sameId)
      }
    }
  }

  instanceKeys(batch: BatchContext): string[] {
    return reachedBy(batch, this.input).instances.map((s) => s.processInstanceKey!)
  }

  definitionKeys(batch: BatchContext): string[] {
    return reachedBy(batch, this.input).starts.map((s) => s.processDefinitionKey)
  }

  check(batch: BatchContext): void {
    const sameId = this.#buffered(batch)
    if (sameId && sameId.deadline > batch.now) {
      throw new AlreadyExistsError(
        `Expected to publish a new message with id '${this.input.messageId}', but a message with that id was already published`
      )
    }
  }

  execute(batch: BatchContext, processor: BpmnStreamProcessor): string {
    const expired = this.#buffered(batch)
    if (expired) {
      // its time to live ended, but the scheduler has not removed it yet: it goes first
      batch.append('MESSAGE', 'EXPIRED', expired.messageKey, null, expiredValue(expired))
    }
    const messageKey = batch.key()
    const ttl = this.input.timeToLive
    batch.append(
      'MESSAGE',
      'PUBLISHED',
      messageKey,
      null,
      messageValue(this.input, ttl > 0 ? batch.now + ttl : null)
    )
    correlate(batch, processor, { messageKey, ...this.input })
    if (ttl <= 0) {
      batch.append('MESSAGE', 'EXPIRED', messageKey, null, messageValue(this.input, null))
    }
    return messageKey
  }

  /** A buffered message with the same id, name and correlation key (this batch sees it). */
  #buffered(batch: BatchContext): MessageData | null {
    const { messageId, tenantId, name, correlationKey } = this.input
    if (messageId === null) {
      return null
    }
    for (const message of batch.state.messages.values()) {
      if (
        message.messageId === messageId &&
        message.tenantId === tenantId &&
        message.name === name &&
        message.correlationKey === correlationKey
      ) {
        return message
      }
    }
    return null
  }
}

/** The value of a MESSAGE EXPIRED record for a buffered message. */
function expiredValue(message: MessageData) {
  return {
    name: message.name,
    correlationKey: message.correlationKey,
    messageId: message.messageId,
    deadline: message.deadline,
    tenantId: message.tenantId,
  }
}

/**
 * `POST /v2/messages/correlation`: correlates like a publication, without buffering, and answers
 * with the instance reached (a started one first); `null` when nothing waits for the message
 * (the caller answers 404, and nothing is recorded).
 */
export class CorrelateMessageCommand implements InstanceCommand<{
  messageKey: string
  processInstanceKey: string
} | null> {
  readonly kind = 'instance'

  constructor(private readonly input: MessageInput) {}

  plan(): void {}

  load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    return loadSubscriptions(tx, batch, this.input)
  }

  instanceKeys(batch: BatchContext): string[] {
    return reachedBy(batch, this.input).instances.map((s) => s.processInstanceKey!)
  }

  definitionKeys(batch: BatchContext): string[] {
    return reachedBy(batch, this.input).starts.map((s) => s.processDefinitionKey)
  }

  check(): void {}

  execute(batch: BatchContext, processor: BpmnStreamProcessor) {
    const dryRun = correlate(batch, processor, { messageKey: '', ...this.input }, true)
    if (dryRun.processInstanceKeys.length === 0) {
      return null
    }
    const messageKey = batch.key()
    const input = { ...this.input, timeToLive: 0 }
    batch.append('MESSAGE', 'PUBLISHED', messageKey, null, messageValue(input, null))
    const outcome = correlate(batch, processor, { messageKey, ...input })
    const processInstanceKey = outcome.startedInstanceKey ?? outcome.processInstanceKeys[0]
    batch.append('MESSAGE_CORRELATION', 'CORRELATED', messageKey, processInstanceKey, {
      messageKey,
      name: input.name,
      correlationKey: input.correlationKey,
      processInstanceKey,
      variables: input.variables,
      tenantId: input.tenantId,
    })
    batch.append('MESSAGE', 'EXPIRED', messageKey, null, messageValue(input, null))
    return { messageKey, processInstanceKey }
  }
}

/** The pending look-up of the batch, which new subscriptions join. */
const pendingLookUps = new WeakMap<BatchContext, CorrelateBufferedMessagesCommand>()

/**
 * A follow-up: message subscriptions opened in this batch look for buffered messages with
 * their name and correlation key that are alive and were not correlated to their process yet;
 * each takes the oldest such message (Zeebe's rule).
 */
export class CorrelateBufferedMessagesCommand implements InstanceCommand<void> {
  readonly kind = 'instance'
  readonly #subscriptions: Array<{ processInstanceKey: string; subscriptionKey: string }> = []

  /** Adds a new subscription to the batch's pending look-up (created on first use). */
  static lookUp(batch: BatchContext, processInstanceKey: string, subscriptionKey: string): void {
    let command = pendingLookUps.get(batch)
    if (!command || !batch.followUps.includes(command)) {
      command = new CorrelateBufferedMessagesCommand()
      pendingLookUps.set(batch, command)
      batch.followUps.push(command)
    }
    command.#subscriptions.push({ processInstanceKey, subscriptionKey })
  }

  plan(plan: PrefetchPlan): void {
    for (const { processInstanceKey } of this.#subscriptions) {
      plan.instanceKeys.add(processInstanceKey)
    }
  }

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const subscriptions = this.#opened(batch)
    if (subscriptions.length === 0) {
      return
    }
    const rows = await tx.query('engine_messages', {
      where: {
        message_name: [...new Set(subscriptions.map((s) => s.name))],
        correlation_key: [...new Set(subscriptions.map((s) => s.correlationKey ?? ''))],
        deadline: { gt: batch.now },
      },
      columns: ['message_key'],
    })
    const keys = rows.map((row) => String(row.message_key))
    for (const message of (await tx.lock('engine_messages', keys)).map(messageFromRow)) {
      batch.state.messages.load(message.messageKey, message)
    }
  }

  check(): void {}

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    for (const subscription of this.#opened(batch)) {
      const message = oldestFor(batch, subscription)
      const instance = batch.state.instance(subscription.processInstanceKey)
      if (message && instance) {
        processor.behaviors.triggers.triggerWait(
          instance,
          subscription.subscriptionKey,
          message.variables,
          message.messageKey
        )
      }
    }
  }

  #opened(batch: BatchContext): SubscriptionData[] {
    return this.#subscriptions
      .map(({ subscriptionKey }) => batch.state.messageSubscriptions.get(subscriptionKey))
      .filter((subscription): subscription is SubscriptionData => !!subscription)
  }
}

/** The oldest live buffered message a subscription can take. */
function oldestFor(batch: BatchContext, subscription: SubscriptionData): MessageData | null {
  let oldest: MessageData | null = null
  for (const message of batch.state.messages.values()) {
    if (
      message.name === subscription.name &&
      message.tenantId === subscription.tenantId &&
      message.correlationKey === (subscription.correlationKey ?? '') &&
      message.deadline > batch.now &&
      !message.correlatedProcesses.includes(subscription.bpmnProcessId) &&
      (!oldest || Number(message.messageKey) < Number(oldest.messageKey))
    ) {
      oldest = message
    }
  }
  return oldest
}

/**
 * A follow-up: an instance created by a message start event with a correlation key ended, so
 * the key is free again: the oldest buffered message for one of the process's message start
 * events with that key (not correlated to the process yet) now creates the next instance.
 */
export class CorrelateNextBufferedStartCommand implements InstanceCommand<void> {
  readonly kind = 'instance'
  #starts: SubscriptionData[] = []

  constructor(
    private readonly tenantId: string,
    private readonly bpmnProcessId: string,
    private readonly correlationKey: string
  ) {}

  plan(): void {}

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    this.#starts = (
      await tx.query('engine_message_subscriptions', {
        where: {
          bpmn_process_id: this.bpmnProcessId,
          tenant_id: this.tenantId,
          process_instance_key: null,
        },
      })
    ).map(subscriptionFromRow)
    if (this.#starts.length === 0) {
      return
    }
    const rows = await tx.query('engine_messages', {
      where: {
        message_name: this.#starts.map((start) => start.name),
        correlation_key: this.correlationKey,
        tenant_id: this.tenantId,
        deadline: { gt: batch.now },
      },
      columns: ['message_key'],
    })
    const keys = rows.map((row) => String(row.message_key))
    for (const message of (await tx.lock('engine_messages', keys)).map(messageFromRow)) {
      batch.state.messages.load(message.messageKey, message)
    }
    for (const start of this.#starts) {
      batch.state.messageSubscriptions.load(start.subscriptionKey, start)
    }
  }

  definitionKeys(): string[] {
    return this.#starts.map((start) => start.processDefinitionKey)
  }

  check(): void {}

  execute(batch: BatchContext, processor: BpmnStreamProcessor): void {
    const candidates = [...batch.state.messages.values()]
      .filter(
        (message) =>
          message.tenantId === this.tenantId &&
          message.correlationKey === this.correlationKey &&
          message.deadline > batch.now &&
          !message.correlatedProcesses.includes(this.bpmnProcessId)
      )
      .sort((a, b) => Number(a.messageKey) - Number(b.messageKey))
    for (const message of candidates) {
      const start = this.#starts.find((subscription) => subscription.name === message.name)
      if (start && startAt(batch, processor, start, message, false) !== null) {
        return
      }
    }
  }
}

/**
 * Scheduled work: buffered messages whose time to live ended leave the buffer (MESSAGE
 * EXPIRED). Rows locked by another server process are skipped. Returns how many expired.
 */
export class ExpireMessagesCommand implements InstanceCommand<number> {
  readonly kind = 'instance'
  #expired: MessageData[] = []

  constructor(private readonly limit = 500) {}

  plan(): void {}

  async load(tx: StoreTransaction, batch: BatchContext): Promise<void> {
    const rows = await tx.claim('engine_messages', {
      where: { deadline: { lte: batch.now } },
      orderBy: [{ column: 'deadline', order: 'asc' }],
      limit: this.limit,
    })
    this.#expired = rows.map(messageFromRow)
    for (const message of this.#expired) {
      batch.state.messages.load(message.messageKey, message)
    }
  }

  check(): void {}

  execute(batch: BatchContext): number {
    for (const message of this.#expired) {
      if (batch.state.messages.get(message.messageKey)) {
        batch.append('MESSAGE', 'EXPIRED', message.messageKey, null, expiredValue(message))
      }
    }
    return this.#expired.length
  }
}
