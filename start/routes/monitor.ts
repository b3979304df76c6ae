/*
|--------------------------------------------------------------------------
| Routes of the monitor's actions (issue 9)
|--------------------------------------------------------------------------
|
| An instance's history (anyone who may monitor), and what leaders,
| process owners and administrators do from the monitor: fix variables,
| retry an incident, cancel. Described in app/services/openapi_monitor.ts.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MonitorController = () => import('#controllers/monitor_controller')

router
  .group(() => {
    // every signed-in user; the task is checked against what they may see
    router
      .get('/tasks/:id/history', [MonitorController, 'taskHistory'])
      .where('id', router.matchers.number())
    router
      .get('/tasks/:id/context', [MonitorController, 'taskContext'])
      .where('id', router.matchers.number())
    router
      .get('/monitor/instances/:key/history', [MonitorController, 'history'])
      .use(middleware.can('monitorInstances'))
    router
      .group(() => {
        router.put('/monitor/instances/:key/variables', [MonitorController, 'setVariables'])
        router.post('/monitor/instances/:key/cancellation', [MonitorController, 'cancel'])
        router.post('/monitor/incidents/:key/retry', [MonitorController, 'retryIncident'])
      })
      .use(middleware.can('operateInstances'))
  })
  .prefix('/api')
  .where('key', /^\d{1,19}$/)
  .use(middleware.auth())
