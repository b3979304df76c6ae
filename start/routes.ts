/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Every route states who may call it: public, any signed-in user (`auth`),
| or an ability from app/abilities/main.ts (`can`). Every route is also
| described in app/services/openapi_document.ts; a test keeps them in step.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SystemController = () => import('#controllers/system_controller')
const AuthController = () => import('#controllers/auth_controller')
const UnitsController = () => import('#controllers/units_controller')
const UsersController = () => import('#controllers/users_controller')
const AccessTokensController = () => import('#controllers/access_tokens_controller')
const AuditLogsController = () => import('#controllers/audit_logs_controller')
const ProcessModelsController = () => import('#controllers/process_models_controller')
const FormsController = () => import('#controllers/forms_controller')
const TasksController = () => import('#controllers/tasks_controller')
const NotificationsController = () => import('#controllers/notifications_controller')

/*
| Public
*/
router.get('/health', [SystemController, 'health'])
router.get('/api/openapi.json', [SystemController, 'openapi'])
router.get('/v2/topology', [SystemController, 'topology'])
router.get('/v2/status', [SystemController, 'status'])

/*
| The product's own API
*/
router
  .group(() => {
    router.post('/auth/login', [AuthController, 'login'])
    router
      .post('/auth/logout', [AuthController, 'logout'])
      .use(middleware.auth({ guards: ['web'] }))
    router.get('/auth/me', [AuthController, 'me']).use(middleware.auth())
    router.patch('/auth/me', [AuthController, 'updateMe']).use(middleware.auth())

    router
      .group(() => {
        router.get('/units', [UnitsController, 'index']).use(middleware.can('viewUnits'))
        router.get('/units/:id', [UnitsController, 'show']).use(middleware.can('viewUnits'))
        router.post('/units', [UnitsController, 'store']).use(middleware.can('manageOrganisation'))
        router
          .patch('/units/:id', [UnitsController, 'update'])
          .use(middleware.can('manageOrganisation'))
        router
          .delete('/units/:id', [UnitsController, 'destroy'])
          .use(middleware.can('manageOrganisation'))

        router.get('/users', [UsersController, 'index']).use(middleware.can('viewDirectory'))
        router.get('/users/:id', [UsersController, 'show']).use(middleware.can('viewDirectory'))
        router.post('/users', [UsersController, 'store']).use(middleware.can('manageOrganisation'))
        router
          .patch('/users/:id', [UsersController, 'update'])
          .use(middleware.can('manageOrganisation'))
        router
          .delete('/users/:id', [UsersController, 'destroy'])
          .use(middleware.can('manageOrganisation'))

        router
          .get('/tokens', [AccessTokensController, 'index'])
          .use(middleware.can('manageOwnTokens'))
        router
          .post('/tokens', [AccessTokensController, 'store'])
          .use(middleware.can('manageOwnTokens'))
        router
          .patch('/tokens/:id', [AccessTokensController, 'update'])
          .use(middleware.can('manageOwnTokens'))
        router
          .delete('/tokens/:id', [AccessTokensController, 'destroy'])
          .use(middleware.can('manageOwnTokens'))

        router.get('/audit-logs', [AuditLogsController, 'index']).use(middleware.can('viewAudit'))

        /*
        | The inbox: every signed-in user; each task is checked against
        | what the user may see and do (TaskService).
        */
        router.get('/tasks', [TasksController, 'index'])
        router.get('/tasks/counts', [TasksController, 'counts'])
        router.get('/tasks/:id', [TasksController, 'show'])
        router.post('/tasks/:id/claim', [TasksController, 'claim'])
        router.post('/tasks/:id/unclaim', [TasksController, 'unclaim'])
        router.post('/tasks/:id/assign', [TasksController, 'assign'])
        router.post('/tasks/:id/delegate', [TasksController, 'delegate'])
        router.post('/tasks/:id/complete', [TasksController, 'complete'])
        router.put('/tasks/:id/draft', [TasksController, 'saveDraft'])
        router.get('/tasks/:id/comments', [TasksController, 'comments'])
        router.post('/tasks/:id/comments', [TasksController, 'addComment'])
        router.post('/tasks/:id/attachments', [TasksController, 'upload'])
        router
          .get('/tasks/:id/attachments/:attachmentId', [TasksController, 'download'])
          .where('attachmentId', router.matchers.number())

        router.get('/notifications', [NotificationsController, 'index'])
        router.post('/notifications/read-all', [NotificationsController, 'markAllRead'])
        router.post('/notifications/:id/read', [NotificationsController, 'markRead'])

        router
          .group(() => {
            router.get('/process-templates', [ProcessModelsController, 'templateIndex'])
            router.get('/process-models', [ProcessModelsController, 'index'])
            router.post('/process-models', [ProcessModelsController, 'store'])
            router.get('/process-models/:id', [ProcessModelsController, 'show'])
            router.put('/process-models/:id/draft', [ProcessModelsController, 'saveDraft'])
            router.delete('/process-models/:id', [ProcessModelsController, 'destroy'])
            router.get('/process-models/:id/export', [ProcessModelsController, 'export'])
            router.get('/process-models/:id/versions', [ProcessModelsController, 'versions'])
            router.get('/process-models/:id/versions/:version', [
              ProcessModelsController,
              'showVersion',
            ])

            router.get('/forms', [FormsController, 'index'])
            router.post('/forms', [FormsController, 'store'])
            router.get('/forms/:id', [FormsController, 'show'])
            router.put('/forms/:id/draft', [FormsController, 'saveDraft'])
            router.delete('/forms/:id', [FormsController, 'destroy'])
            router.post('/forms/:id/try', [FormsController, 'try'])
            router.get('/forms/:id/dictionary', [FormsController, 'dictionary'])
            router.get('/forms/:id/versions', [FormsController, 'versions'])
            router.get('/forms/:id/versions/:version', [FormsController, 'showVersion'])
          })
          .use(middleware.can('designProcesses'))
      })
      .use(middleware.auth())
  })
  .prefix('/api')
  .where('id', router.matchers.number())

/*
| The single-page app: any other GET outside /api and /v2 gets its
| index.html (the static middleware serves the built assets).
*/
router.get('/*', [SystemController, 'spa'])
