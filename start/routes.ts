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
import '#start/routes/connectors'
import '#start/routes/dossiers'
import '#start/routes/monitor'
import '#start/routes/commitments'

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
const ProcessStartController = () => import('#controllers/process_start_controller')
const MonitorController = () => import('#controllers/monitor_controller')

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
    router.get('/auth/session', [AuthController, 'session'])
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

        router
          .get('/processes/:processId/start-form', [ProcessStartController, 'form'])
          .use(middleware.can('startProcesses'))
        router
          .post('/processes/:processId/instances', [ProcessStartController, 'start'])
          .use(middleware.can('startProcesses'))

        router
          .group(() => {
            router.get('/monitor/processes', [MonitorController, 'processes'])
            router.get('/monitor/definitions/:key/heatmap', [MonitorController, 'heatmap'])
            router.get('/monitor/statistics', [MonitorController, 'statistics'])
          })
          .use(middleware.can('monitorInstances'))

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
            router.post('/process-models/:id/validate', [ProcessModelsController, 'validate'])
            router.post('/process-models/:id/publish', [ProcessModelsController, 'publish'])
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
            router.post('/forms/:id/publish', [FormsController, 'publish'])
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
| The Camunda 8 REST API v2 (the engine-facing part). Bearer tokens, HTTP
| Basic (email and password) or the session.
*/
const V2Deployments = () => import('#controllers/v2/deployments_controller')
const V2ProcessInstances = () => import('#controllers/v2/process_instances_controller')
const V2ProcessDefinitions = () => import('#controllers/v2/process_definitions_controller')
const V2Jobs = () => import('#controllers/v2/jobs_controller')
const V2Runtime = () => import('#controllers/v2/runtime_controller')
const V2UserTasks = () => import('#controllers/v2/user_tasks_controller')
const V2InstanceAdmin = () => import('#controllers/v2/process_instance_admin_controller')
const V2Decisions = () => import('#controllers/v2/decisions_controller')
const V2Resources = () => import('#controllers/v2/resources_controller')

router
  .group(() => {
    router
      .group(() => {
        router.post('/deployments', [V2Deployments, 'store'])
        router.post('/resources/:key/deletion', [V2Resources, 'destroy'])
        router.post('/process-instances', [V2ProcessInstances, 'store'])
        router.post('/process-instances/:key/cancellation', [V2ProcessInstances, 'cancel'])
        router.post('/incidents/:key/resolution', [V2Runtime, 'resolveIncident'])
        router.put('/element-instances/:key/variables', [V2Runtime, 'setVariables'])
        router.post('/messages/publication', [V2Runtime, 'publishMessage'])
        router.post('/messages/correlation', [V2Runtime, 'correlateMessage'])
        router.post('/decision-definitions/evaluation', [V2Decisions, 'evaluate'])
        router.post('/signals/broadcast', [V2Runtime, 'broadcastSignal'])
        router.post('/jobs/activation', [V2Jobs, 'activate'])
        router.post('/jobs/:key/completion', [V2Jobs, 'complete'])
        router.post('/jobs/:key/failure', [V2Jobs, 'fail'])
        router.post('/jobs/:key/error', [V2Jobs, 'error'])
        router.patch('/jobs/:key', [V2Jobs, 'update'])
      })
      .use(middleware.can('operateEngine'))

    router
      .group(() => {
        router.get('/process-instances/:key', [V2ProcessInstances, 'show'])
        router.get('/process-instances/:key/call-hierarchy', [V2ProcessInstances, 'callHierarchy'])
        router.post('/process-instances/search', [V2ProcessInstances, 'search'])
        router.post('/process-definitions/search', [V2ProcessDefinitions, 'search'])
        router.get('/process-definitions/:key', [V2ProcessDefinitions, 'show'])
        router.get('/process-definitions/:key/xml', [V2ProcessDefinitions, 'xml'])
        router.get('/process-definitions/:key/form', [ProcessStartController, 'camundaForm'])
        router.post('/incidents/search', [V2Runtime, 'searchIncidents'])
        router.get('/incidents/:key', [V2Runtime, 'showIncident'])
        router.post('/variables/search', [V2Runtime, 'searchVariables'])
        router.get('/variables/:key', [V2Runtime, 'showVariable'])
        router.post('/element-instances/search', [V2Runtime, 'searchElementInstances'])
        router.get('/element-instances/:key', [V2Runtime, 'showElementInstance'])
        router.post('/decision-definitions/search', [V2Decisions, 'search'])
        router.get('/decision-definitions/:key', [V2Decisions, 'show'])
        router.get('/decision-definitions/:key/xml', [V2Decisions, 'xml'])
        router.post('/decision-instances/search', [V2Decisions, 'searchInstances'])
        router
          .get('/decision-instances/:decisionEvaluationInstanceKey', [V2Decisions, 'showInstance'])
          .where('decisionEvaluationInstanceKey', /^\d{1,19}-\d{1,6}$/)
        router.post('/message-subscriptions/search', [V2Runtime, 'searchMessageSubscriptions'])
        router.post('/jobs/search', [V2Jobs, 'search'])
      })
      .use(middleware.can('monitorInstances'))

    // instance administration (issue 5): repair, migrate, suspend (admins)
    router
      .group(() => {
        router.post('/process-instances/:key/modification', [V2InstanceAdmin, 'modify'])
        router.post('/process-instances/:key/migration', [V2InstanceAdmin, 'migrate'])
        router.post('/process-instances/migration', [V2InstanceAdmin, 'migrateAll'])
        router.post('/process-instances/:key/suspension', [V2InstanceAdmin, 'suspend'])
        router.post('/process-instances/:key/resumption', [V2InstanceAdmin, 'resume'])
        router.post('/process-definitions/:key/suspension', [V2InstanceAdmin, 'suspendDefinition'])
        router.post('/process-definitions/:key/resumption', [V2InstanceAdmin, 'resumeDefinition'])
      })
      .use(middleware.can('administerInstances'))

    router
      .group(() => {
        router.put('/clock', [V2Runtime, 'pinClock'])
        router.post('/clock/reset', [V2Runtime, 'resetClock'])
      })
      .use(middleware.can('controlClock'))

    // user tasks: every signed-in user, with the inbox's visibility rules
    router.post('/user-tasks/search', [V2UserTasks, 'search'])
    router.get('/user-tasks/:key', [V2UserTasks, 'show'])
    router.post('/user-tasks/:key/assignment', [V2UserTasks, 'assign'])
    router.delete('/user-tasks/:key/assignee', [V2UserTasks, 'unassign'])
    router.post('/user-tasks/:key/completion', [V2UserTasks, 'complete'])
    router.get('/user-tasks/:key/form', [V2UserTasks, 'form'])
  })
  .prefix('/v2')
  .where('key', /^\d{1,19}$/)
  .use(middleware.auth({ guards: ['api', 'basic', 'web'] }))

/*
| The single-page app: any other GET outside /api and /v2 gets its
| index.html (the static middleware serves the built assets).
*/
router.get('/*', [SystemController, 'spa'])
