import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../src/api/http'
import { useFormsStore } from '../../src/stores/forms.store'
import { useProcessModelsStore } from '../../src/stores/process_models.store'
import {
  isDuplicate,
  isStaleRevision,
  publicationProblems,
  formSubmissionErrors,
} from '../../src/studio/studio_errors'
import { fakeServer, freshPinia } from '../support/fake_server'

function summary(changes: Record<string, unknown> = {}) {
  return {
    id: 1,
    processId: 'consular_legalization',
    name: 'Hợp pháp hóa lãnh sự',
    description: null,
    status: 'draft',
    latestVersion: null,
    latestDefinitionKey: null,
    draftRevision: 1,
    template: null,
    updatedBy: { id: 2, email: 'owner@demo.senflow.local', fullName: 'Trần Thị Bình' },
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...changes,
  }
}

function formSummary(changes: Record<string, unknown> = {}) {
  return {
    id: 4,
    formId: 'don-de-nghi',
    name: 'Đơn đề nghị',
    status: 'draft',
    latestVersion: null,
    latestFormKey: null,
    draftRevision: 1,
    updatedBy: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...changes,
  }
}

describe('stores/process_models and forms', () => {
  beforeEach(() => {
    freshPinia()
    document.cookie = 'XSRF-TOKEN=t; path=/'
  })
  afterEach(() => vi.unstubAllGlobals())

  it('should list the library by the filters and keep summaries without their XML', async () => {
    // given
    const server = fakeServer({
      'GET /api/process-models': () => ({ body: { items: [summary()] } }),
      'GET /api/process-models/1': () => ({ body: { ...summary(), xml: '<definitions/>' } }),
    })
    const models = useProcessModelsStore()

    // when
    await models.search({ q: 'lãnh sự', status: 'draft' })
    const opened = await models.open(1)

    // then
    expect(server.requests[0].path).toBe('/api/process-models?q=l%C3%A3nh+s%E1%BB%B1&status=draft')
    expect(models.listed.map((model) => model.processId)).toEqual(['consular_legalization'])
    expect(opened.xml).toBe('<definitions/>')
    expect(models.byId[1]).not.toHaveProperty('xml')
  })

  it('should save drafts with their revision and publish the stored draft', async () => {
    // given
    const server = fakeServer({
      'PUT /api/process-models/1/draft': (request) => ({
        body: summary({ draftRevision: (request.body as { revision: number }).revision + 1 }),
      }),
      'POST /api/process-models/1/publish': () => ({
        body: { version: 1, definitionKey: '2251799813685251', unchanged: false },
      }),
      'GET /api/process-models/1': () => ({
        body: { ...summary({ status: 'published', latestVersion: 1 }), xml: '<x/>' },
      }),
      'GET /api/process-models/1/versions': () => ({
        body: {
          items: [
            {
              version: 1,
              definitionKey: '2251799813685251',
              note: 'Lần đầu',
              publishedAt: '2026-01-02T00:00:00.000Z',
              publishedBy: null,
            },
          ],
        },
      }),
    })
    const models = useProcessModelsStore()

    // when
    const saved = await models.saveDraft(1, { xml: '<x/>', revision: 3, name: 'Hợp pháp hóa' })
    const result = await models.publish(1, 'Lần đầu')

    // then
    expect(saved.draftRevision).toBe(4)
    expect(server.calls('PUT /api/process-models/1/draft')[0].body).toEqual({
      xml: '<x/>',
      revision: 3,
      name: 'Hợp pháp hóa',
    })
    expect(server.calls('POST /api/process-models/1/publish')[0].body).toEqual({ note: 'Lần đầu' })
    expect(result.version).toBe(1)
    expect(models.byId[1].status).toBe('published')
    expect(models.versionsById[1].map((version) => version.version)).toEqual([1])
  })

  it('should drop a library answer that a newer search overtook', async () => {
    // given a server answering the first search last
    let releaseFirst: () => void = () => {}
    const first = new Promise<void>((resolve) => (releaseFirst = resolve))
    fakeServer({
      'GET /api/process-models': (request) => ({
        body: {
          items: [summary({ id: request.path.includes('q=old') ? 1 : 2, name: request.path })],
        },
      }),
    })
    const fetchFirst = globalThis.fetch
    vi.stubGlobal('fetch', async (...args: Parameters<typeof fetch>) => {
      if (String(args[0]).includes('q=old')) await first
      return fetchFirst(...args)
    })
    const models = useProcessModelsStore()

    // when
    const older = models.search({ q: 'old' })
    await models.search({ q: 'new' })
    releaseFirst()
    await older

    // then
    expect(models.listedIds).toEqual([2])
    expect(models.loading).toBe(false)
  })

  it('should forget a deleted draft', async () => {
    fakeServer({
      'GET /api/process-models': () => ({ body: { items: [summary()] } }),
      'DELETE /api/process-models/1': () => ({ status: 204 }),
    })
    const models = useProcessModelsStore()
    await models.search()

    await models.remove(1)

    expect(models.listed).toEqual([])
    expect(models.byId[1]).toBeUndefined()
  })

  it('should find forms by their form id and keep summaries without the document', async () => {
    // given
    const server = fakeServer({
      'GET /api/forms': () => ({ body: { items: [formSummary()] } }),
      'POST /api/forms': (request) => ({
        status: 201,
        body: { ...formSummary({ id: 5, ...(request.body as object) }), document: { schema: {} } },
      }),
      'PUT /api/forms/5/draft': () => ({
        body: formSummary({ id: 5, formId: 'to-khai', draftRevision: 2 }),
      }),
    })
    const forms = useFormsStore()

    // when
    await forms.loadAll()
    const created = await forms.create({ name: 'Tờ khai', formId: 'to-khai', defaultLocale: 'vi' })
    await forms.saveDraft(5, {
      schema: { type: 'default', components: [] },
      translations: {},
      revision: 1,
    })

    // then
    expect(forms.byFormId['don-de-nghi'].id).toBe(4)
    expect(forms.byFormId['to-khai'].id).toBe(5)
    expect(created.formId).toBe('to-khai')
    expect(forms.byId[5]).not.toHaveProperty('document')
    expect(forms.byId[5].draftRevision).toBe(2)
    expect(server.calls('POST /api/forms')[0].body).toEqual({
      name: 'Tờ khai',
      formId: 'to-khai',
      defaultLocale: 'vi',
    })
  })

  it('should read the errors the studio handles from API answers', () => {
    const duplicate = new ApiError(422, [
      { message: 'A process with id "x" already exists', field: 'processId', code: 'E_DUPLICATE' },
    ])
    const stale = new ApiError(409, [
      { message: 'reload it', field: 'revision', code: 'E_CONFLICT' },
    ])
    const refused = new ApiError(422, [
      {
        message: 'Expected a job type',
        code: 'E_MODEL_INVALID',
        field: 'xml',
        elementId: 'archive',
      } as never,
      { message: 'Expected a start event', code: 'E_MODEL_INVALID', field: 'xml' },
    ])
    const startForm = new ApiError(422, [
      { message: '{"errors":{"applicantName":["Trường này là bắt buộc."]}}', code: 'HTTP_422' },
    ])

    expect(isDuplicate(duplicate, 'processId')).toBe(true)
    expect(isDuplicate(duplicate, 'formId')).toBe(false)
    expect(isStaleRevision(stale)).toBe(true)
    expect(publicationProblems(refused)).toEqual([
      { message: 'Expected a job type', elementId: 'archive' },
      { message: 'Expected a start event', elementId: null },
    ])
    expect(publicationProblems(duplicate)).toBeNull()
    expect(formSubmissionErrors(startForm)).toEqual({ applicantName: ['Trường này là bắt buộc.'] })
    expect(formSubmissionErrors(duplicate)).toBeNull()
  })
})
