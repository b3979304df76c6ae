import app from '@adonisjs/core/services/app'
import { readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A template the studio offers for "create from template": a shipped
 * procedure in `processes/<slug>/` described by its `process.json`.
 */
export interface ProcessTemplate {
  slug: string
  name: { vi: string; en: string }
  description: { vi: string; en: string }
  processId: string
  bpmnFile: string
  formFiles: string[]
}

interface Manifest {
  name: { vi: string; en: string }
  description?: { vi: string; en: string }
  bpmn: string
  forms?: string[]
}

/**
 * Reads the shipped procedures under `processes/` (each folder with a
 * `process.json` manifest naming its BPMN file and forms).
 */
export default class ProcessTemplateService {
  constructor(protected root = app.makePath('processes')) {}

  async list(): Promise<ProcessTemplate[]> {
    if (!existsSync(this.root)) return []
    const entries = await readdir(this.root, { withFileTypes: true })
    const templates: ProcessTemplate[] = []
    for (const entry of entries
      .filter((item) => item.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const template = await this.find(entry.name)
      if (template) templates.push(template)
    }
    return templates
  }

  async find(slug: string): Promise<ProcessTemplate | null> {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(slug)) return null
    const manifestPath = join(this.root, slug, 'process.json')
    if (!existsSync(manifestPath)) return null
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest
    const xml = await readFile(join(this.root, slug, manifest.bpmn), 'utf8')
    const processId = /<bpmn:process\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1] ?? slug
    return {
      slug,
      name: manifest.name,
      description: manifest.description ?? { vi: '', en: '' },
      processId,
      bpmnFile: join(this.root, slug, manifest.bpmn),
      formFiles: (manifest.forms ?? []).map((file) => join(this.root, slug, file)),
    }
  }

  async xmlOf(template: ProcessTemplate) {
    return readFile(template.bpmnFile, 'utf8')
  }
}
