/*
|--------------------------------------------------------------------------
| Routes of the business calendar, commitments and dashboards (issue 10)
|--------------------------------------------------------------------------
|
| Described in app/services/openapi_commitments.ts.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const CalendarController = () => import('#controllers/calendar_controller')
const CommitmentsController = () => import('#controllers/commitments_controller')
const DashboardsController = () => import('#controllers/dashboards_controller')

router
  .group(() => {
    router
      .group(() => {
        router.get('/calendar/working-days', [CalendarController, 'compute'])
        router.get('/calendar/:year', [CalendarController, 'show'])
      })
      .use(middleware.can('viewCalendar'))
    router
      .group(() => {
        router.put('/calendar/:year', [CalendarController, 'update'])
        router.delete('/calendar/:year', [CalendarController, 'destroy'])
      })
      .use(middleware.can('manageCalendar'))

    router
      .group(() => {
        router.get('/commitments', [CommitmentsController, 'index'])
        router.get('/commitments/by-process-instance/:key', [
          CommitmentsController,
          'byProcessInstance',
        ])
        router.get('/commitments/:id', [CommitmentsController, 'show'])
      })
      .use(middleware.can('viewCommitments'))
    router
      .group(() => {
        router.post('/commitments/:id/reports', [CommitmentsController, 'report'])
        router.post('/commitments/:id/extensions', [CommitmentsController, 'requestExtension'])
        router.post('/commitments/:id/completion', [CommitmentsController, 'completion'])
      })
      .use(middleware.can('reportCommitments'))
    router
      .group(() => {
        router.post('/commitments', [CommitmentsController, 'store'])
        router.patch('/commitments/:id', [CommitmentsController, 'update'])
        router.post('/commitments/:id/cancellation', [CommitmentsController, 'cancel'])
        router.post('/commitments/:id/extensions/:extensionId/approval', [
          CommitmentsController,
          'approveExtension',
        ])
        router.post('/commitments/:id/extensions/:extensionId/rejection', [
          CommitmentsController,
          'rejectExtension',
        ])
        router.post('/commitments/:id/verification', [CommitmentsController, 'verification'])
      })
      .use(middleware.can('manageCommitments'))

    router
      .group(() => {
        router.get('/dashboards/dossiers', [DashboardsController, 'dossiers'])
        router.get('/dashboards/dossiers/export', [DashboardsController, 'exportDossiers'])
        router.get('/dashboards/commitments', [DashboardsController, 'commitments'])
        router.get('/dashboards/commitments/export', [DashboardsController, 'exportCommitments'])
      })
      .use(middleware.can('viewDashboards'))
  })
  .prefix('/api')
  .where('id', router.matchers.number())
  .where('extensionId', router.matchers.number())
  .where('year', /^\d{4}$/)
  .where('key', /^\d{1,32}$/)
  .use(middleware.auth())
