import type { Knex } from 'knex'

/**
 * What `ZeebeEngine` keeps of the resources it deployed: Zeebe's gateway answers commands, not
 * queries, so the BPMN XML (names of elements for the inbox, embedded forms, the monitor's
 * diagram) and the deployed forms are read back from here, or from Camunda's REST API when
 * one is configured.
 */
export interface CatalogEntry {
  /** The process definition key, form key or decision key Zeebe gave it. */
  resourceKey: string
  kind: 'process' | 'form' | 'decision' | 'decision-requirements'
  /** bpmnProcessId, formId or decision id. */
  resourceId: string
  version: number
  name: string | null
  versionTag: string | null
  resourceName: string
  tenantId: string
  deploymentKey: string
  /** The resource's text (BPMN/DMN XML, form JSON). */
  content: string
  /** When it was recorded (epoch ms). */
  createdAt: number
}

/** Where `ZeebeEngine` records its deployments. */
export interface ResourceCatalog {
  /** Records entries (an entry already known by key is replaced). */
  save(entries: CatalogEntry[]): Promise<void>
  /** An entry by key and kind. */
  get(kind: CatalogEntry['kind'], resourceKey: string): Promise<CatalogEntry | null>
  /** Every entry of a kind. */
  list(kind: CatalogEntry['kind']): Promise<CatalogEntry[]>
}

/** The catalog in memory (tests, or a process that redeploys its models at every start). */
export class MemoryResourceCatalog implements ResourceCatalog {
  readonly #entries = new Map<string, CatalogEntry>()

  async save(entries: CatalogEntry[]): Promise<void> {
    for (const entry of entries) this.#entries.set(`${entry.kind}/${entry.resourceKey}`, entry)
  }

  async get(kind: CatalogEntry['kind'], resourceKey: string): Promise<CatalogEntry | null> {
    return this.#entries.get(`${kind}/${resourceKey}`) ?? null
  }

  async list(kind: CatalogEntry['kind']): Promise<CatalogEntry[]> {
    return [...this.#entries.values()].filter((entry) => entry.kind === kind)
  }
}

/** The table the SQL catalog keeps its entries in. */
export const CATALOG_TABLE = 'zeebe_deployed_resources'

/**
 * The catalog in the app's database (table `zeebe_deployed_resources`, created on first use when
 * missing, so it needs no migration on installations that never run on Zeebe).
 */
export class SqlResourceCatalog implements ResourceCatalog {
  #ready: Promise<void> | null = null

  constructor(readonly knex: Knex) {}

  #ensureTable(): Promise<void> {
    this.#ready ??= (async () => {
      if (await this.knex.schema.hasTable(CATALOG_TABLE)) return
      await this.knex.schema.createTable(CATALOG_TABLE, (table) => {
        table.string('kind', 32).notNullable()
        table.string('resource_key', 32).notNullable()
        table.string('resource_id', 255).notNullable()
        table.integer('version').notNullable()
        table.string('name', 255).nullable()
        table.string('version_tag', 255).nullable()
        table.string('resource_name', 255).notNullable()
        table.string('tenant_id', 255).notNullable()
        table.string('deployment_key', 32).notNullable()
        table.text('content', 'mediumtext').notNullable()
        table.bigInteger('created_at').notNullable()
        table.primary(['kind', 'resource_key'])
      })
    })().catch((error) => {
      this.#ready = null
      throw error
    })
    return this.#ready
  }

  async save(entries: CatalogEntry[]): Promise<void> {
    if (!entries.length) return
    await this.#ensureTable()
    await this.knex.transaction(async (trx) => {
      for (const entry of entries) {
        await trx(CATALOG_TABLE)
          .where({ kind: entry.kind, resource_key: entry.resourceKey })
          .delete()
        await trx(CATALOG_TABLE).insert({
          kind: entry.kind,
          resource_key: entry.resourceKey,
          resource_id: entry.resourceId,
          version: entry.version,
          name: entry.name,
          version_tag: entry.versionTag,
          resource_name: entry.resourceName,
          tenant_id: entry.tenantId,
          deployment_key: entry.deploymentKey,
          content: entry.content,
          created_at: entry.createdAt,
        })
      }
    })
  }

  async get(kind: CatalogEntry['kind'], resourceKey: string): Promise<CatalogEntry | null> {
    await this.#ensureTable()
    const row = await this.knex(CATALOG_TABLE).where({ kind, resource_key: resourceKey }).first()
    return row ? fromRow(row) : null
  }

  async list(kind: CatalogEntry['kind']): Promise<CatalogEntry[]> {
    await this.#ensureTable()
    const rows = await this.knex(CATALOG_TABLE)
      .where({ kind })
      .select('kind', 'resource_key', 'resource_id', 'version', 'name', 'version_tag')
      .select('resource_name', 'tenant_id', 'deployment_key', 'created_at')
      .select(this.knex.raw("'' as content"))
    return rows.map(fromRow)
  }
}

function fromRow(row: Record<string, any>): CatalogEntry {
  return {
    resourceKey: String(row.resource_key),
    kind: row.kind,
    resourceId: row.resource_id,
    version: Number(row.version),
    name: row.name ?? null,
    versionTag: row.version_tag ?? null,
    resourceName: row.resource_name,
    tenantId: row.tenant_id,
    deploymentKey: String(row.deployment_key),
    content: row.content ?? '',
    createdAt: Number(row.created_at),
  }
}
