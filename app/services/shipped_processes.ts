import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { DeploymentResource } from '@senflow/engine'
import type { FormTranslations } from '@senflow/forms'
import Procedure, {
  APPLICANT_KINDS,
  DOSSIER_CHANNELS,
  EDITABLE_PROCEDURE_FIELDS,
  type ProcedureDocument,
} from '#models/procedure'
import DeploymentService from '#services/deployment_service'
import { DEFAULT_PORTAL_CONNECTOR } from '#services/dossier_portal_sync'
import { defaultCodePrefix } from '#services/dossier_service'

/** What `procedure.json` holds once checked (docs/dossiers.md). */
export interface ProcedureDefinition {
  code: string
  portalProcedureCode: string | null
  nameVi: string
  nameEn: string
  descriptionVi: string | null
  descriptionEn: string | null
  processId: string
  startFormId: string | null
  legalTimeLimitDays: number
  fee: number
  feeCurrency: string
  leadUnitCode: string
  fieldCode: string | null
  fieldNameVi: string | null
  fieldNameEn: string | null
  isPublic: boolean
  channels: (typeof DOSSIER_CHANNELS)[number][]
  applicantKinds: (typeof APPLICANT_KINDS)[number][]
  documents: ProcedureDocument[]
  codePrefix: string
  portalConnector: string | null
  dueSoonDays: number
}

/** What one folder came to. */
export interface ShippedFolderOutcome {
  folder: string
  procedure: string | null
  deployed: boolean
  error?: string
}

/**
 * Checks a `procedure.json` and answers its definition, or throws an
 * Error listing every problem ("Expected …, but …").
 */
export function parseProcedureDefinition(raw: unknown, where: string): ProcedureDefinition {
  const problems: string[] = []
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`${where}: Expected a JSON object, but got ${JSON.stringify(raw)}`)
  const json = raw as Record<string, unknown>
  const str = (name: string, required: boolean, pattern?: RegExp): string | null => {
    const value = json[name]
    if (value === undefined || value === null || value === '') {
      if (required) problems.push(`Expected ${name}, but it is missing`)
      return null
    }
    if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
      problems.push(
        `Expected ${name} to be ${pattern ? `a text matching ${pattern}` : 'a text'}, but got ${JSON.stringify(value)}`
      )
      return null
    }
    return value
  }
  const int = (name: string, fallback: number | null): number => {
    const value = json[name] ?? fallback
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      problems.push(
        `Expected ${name} to be a whole number ≥ 0, but got ${JSON.stringify(json[name] ?? null)}`
      )
      return 0
    }
    return value
  }
  const list = <T extends string>(name: string, allowed: readonly T[]): T[] => {
    const value = json[name]
    if (value === undefined) return [...allowed]
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.some((item) => !allowed.includes(item))
    ) {
      problems.push(
        `Expected ${name} to be a non-empty list of ${allowed.join(', ')}, but got ${JSON.stringify(value)}`
      )
      return [...allowed]
    }
    return [...new Set(value as T[])]
  }
  const code = str('code', true, /^[a-z0-9][a-z0-9-]{0,63}$/)
  const field = json.field as Record<string, unknown> | undefined
  if (field !== undefined && (typeof field !== 'object' || field === null || !field.code))
    problems.push(`Expected field to be { code, nameVi, nameEn }, but got ${JSON.stringify(field)}`)
  const documents: ProcedureDocument[] = []
  if (json.documents !== undefined) {
    if (!Array.isArray(json.documents))
      problems.push(`Expected documents to be a list, but got ${JSON.stringify(json.documents)}`)
    else
      json.documents.forEach((item: unknown, index: number) => {
        const document = item as Record<string, unknown>
        if (
          !document ||
          typeof document.code !== 'string' ||
          typeof document.nameVi !== 'string' ||
          typeof document.nameEn !== 'string'
        ) {
          problems.push(
            `Expected documents[${index}] to be { code, nameVi, nameEn, required? }, but got ${JSON.stringify(item)}`
          )
          return
        }
        documents.push({
          code: document.code,
          nameVi: document.nameVi,
          nameEn: document.nameEn,
          required: document.required !== false,
        })
      })
  }
  if (json.public !== undefined && typeof json.public !== 'boolean')
    problems.push(`Expected public to be true or false, but got ${JSON.stringify(json.public)}`)
  const connector =
    json.portalConnector === null
      ? null
      : (str('portalConnector', false, /^[a-z0-9][a-z0-9_-]*$/) ?? DEFAULT_PORTAL_CONNECTOR)
  const definition: ProcedureDefinition = {
    code: code ?? '',
    portalProcedureCode: str('portalProcedureCode', false),
    nameVi: str('nameVi', true) ?? '',
    nameEn: str('nameEn', true) ?? '',
    descriptionVi: str('descriptionVi', false),
    descriptionEn: str('descriptionEn', false),
    processId: str('processId', true) ?? '',
    startFormId: str('startFormId', false),
    legalTimeLimitDays: int('legalTimeLimitDays', null),
    fee: int('fee', 0),
    feeCurrency: str('feeCurrency', false, /^[A-Z]{3}$/) ?? 'VND',
    leadUnitCode: str('leadUnit', true) ?? '',
    fieldCode: field ? String(field.code) : null,
    fieldNameVi: field?.nameVi ? String(field.nameVi) : null,
    fieldNameEn: field?.nameEn ? String(field.nameEn) : null,
    isPublic: json.public === true,
    channels: list('channels', DOSSIER_CHANNELS),
    applicantKinds: list('applicantKinds', APPLICANT_KINDS),
    documents,
    codePrefix: str('codePrefix', false, /^[A-Z0-9]{1,8}$/) ?? defaultCodePrefix(code ?? 'X'),
    portalConnector: connector,
    dueSoonDays: int('dueSoonDays', 1),
  }
  if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`)
  return definition
}

/** The folder holding the shipped procedures (`processes/` at the app root). */
export function processesDirectory() {
  return process.env.SENFLOW_PROCESSES_DIR || app.makePath('processes')
}

/**
 * Deploys the models and forms of each `processes/<name>/` folder that
 * holds a `procedure.json` (through the deployment service, so they are in
 * the studio's library) and upserts its procedure. Idempotent: a folder
 * whose files did not change since the loader last deployed them is not
 * deployed again, so a version a process owner published from the studio
 * stays the latest. Edits made through the API (time limit, fee, public
 * flag, lead unit, due-soon days) are kept. A folder that fails is logged
 * and skipped.
 */
export async function loadShippedProcesses(
  directory = processesDirectory()
): Promise<ShippedFolderOutcome[]> {
  let names: string[]
  try {
    names = (await readdir(directory)).sort()
  } catch {
    return []
  }
  const outcomes: ShippedFolderOutcome[] = []
  for (const name of names) {
    const folder = join(directory, name)
    if (!(await stat(folder)).isDirectory()) continue
    const files = (await readdir(folder)).sort()
    if (!files.includes('procedure.json')) continue
    try {
      outcomes.push(await loadFolder(folder, name, files))
    } catch (error) {
      const message = (error as Error).message
      logger.error({ folder: name, err: message }, 'could not load a shipped procedure')
      outcomes.push({ folder: name, procedure: null, deployed: false, error: message })
    }
  }
  return outcomes
}

async function loadFolder(
  folder: string,
  name: string,
  files: string[]
): Promise<ShippedFolderOutcome> {
  const where = `processes/${name}/procedure.json`
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(join(folder, 'procedure.json'), 'utf8'))
  } catch (error) {
    throw new Error(`${where}: Expected valid JSON, but ${(error as Error).message}`)
  }
  const definition = parseProcedureDefinition(raw, where)
  const resources: DeploymentResource[] = []
  const hash = createHash('sha256')
  const translations: Record<string, FormTranslations> = {}
  const defaultLocale: Record<string, string> = {}
  for (const file of files) {
    if (!/\.(bpmn|form|dmn)$/.test(file)) continue
    const content = await readFile(join(folder, file), 'utf8')
    resources.push({ name: file, content })
    hash.update(file).update('\u0000').update(content).update('\u0000')
    // a form's translations live beside it: `<name>.translations.json`
    const translationFile = file.replace(/\.form$/, '.translations.json')
    if (file.endsWith('.form') && files.includes(translationFile)) {
      const text = await readFile(join(folder, translationFile), 'utf8')
      hash.update(translationFile).update('\u0000').update(text).update('\u0000')
      let formId: string
      try {
        formId = String(JSON.parse(content).id ?? file.replace(/\.form$/, ''))
        translations[formId] = JSON.parse(text) as FormTranslations
      } catch (error) {
        throw new Error(
          `processes/${name}/${translationFile}: Expected valid JSON, but ${(error as Error).message}`
        )
      }
      defaultLocale[formId] = 'vi'
    }
  }
  if (!resources.some((resource) => resource.name.endsWith('.bpmn')))
    throw new Error(`processes/${name}: Expected a .bpmn model, but the folder has none`)
  const checksum = hash.digest('hex')
  const existing = await Procedure.findBy('code', definition.code)
  const engine = await app.container.make('senflow.engine')
  const deployedAlready =
    existing?.shippedChecksum === checksum &&
    (
      await engine.searchProcessDefinitions({
        filter: { processDefinitionId: definition.processId },
        page: { limit: 1 },
      })
    ).items.length > 0
  if (!deployedAlready) {
    const deployments = await app.container.make(DeploymentService)
    const deployment = await deployments.deploy(
      resources,
      { id: null, email: 'system:shipped-processes' },
      { translations, defaultLocale }
    )
    if (!deployment.processes.some((item) => item.processDefinitionId === definition.processId))
      throw new Error(
        `${where}: Expected processId ${definition.processId} among the deployed processes, but they are ${deployment.processes.map((item) => item.processDefinitionId).join(', ')}`
      )
  }
  await upsertProcedure(definition, existing, { folder: name, checksum })
  return { folder: name, procedure: definition.code, deployed: !deployedAlready }
}

/**
 * Creates or updates a procedure from its definition, keeping the fields
 * an administrator or process owner changed.
 */
export async function upsertProcedure(
  definition: ProcedureDefinition,
  existing: Procedure | null,
  source: { folder: string | null; checksum: string | null }
) {
  await db.transaction(async (trx) => {
    const procedure = existing ?? new Procedure()
    procedure.useTransaction(trx)
    const { leadUnitCode, ...rest } = definition
    procedure.merge({ ...rest, leadUnitCode })
    for (const field of EDITABLE_PROCEDURE_FIELDS) {
      const value = existing?.overrides?.[field]
      if (value !== undefined) (procedure as any)[field] = value
    }
    if (!existing) procedure.overrides = {}
    procedure.sourceFolder = source.folder
    procedure.shippedChecksum = source.checksum
    await procedure.save()
  })
}
