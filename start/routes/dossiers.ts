/*
|--------------------------------------------------------------------------
| Routes of dossiers and procedures (issue 10)
|--------------------------------------------------------------------------
|
| The procedure registry and the dossiers for signed-in users (visibility
| by unit as in the inbox), and the public side without an account
| (rate-limited in the controller). Described in
| app/services/openapi_dossiers.ts.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ProceduresController = () => import('#controllers/procedures_controller')
const DossiersController = () => import('#controllers/dossiers_controller')
const PublicProceduresController = () => import('#controllers/public_procedures_controller')

router
  .group(() => {
    router
      .group(() => {
        router.get('/procedures', [ProceduresController, 'index'])
        router.get('/procedures/:code', [ProceduresController, 'show'])
        router
          .patch('/procedures/:code', [ProceduresController, 'update'])
          .use(middleware.can('designProcesses'))

        router.get('/dossiers', [DossiersController, 'index'])
        router.get('/dossiers/queues', [DossiersController, 'queues'])
        router.get('/dossiers/by-process-instance/:key', [DossiersController, 'byProcessInstance'])
        router.get('/dossiers/:code', [DossiersController, 'show'])
        router.get('/dossiers/:code/notices/:kind.pdf', [DossiersController, 'notice'])
        router
          .post('/dossiers', [DossiersController, 'store'])
          .use(middleware.can('startProcesses'))
        router
          .post('/dossiers/:code/apology', [DossiersController, 'apology'])
          .use(middleware.can('startProcesses'))
        router
          .post('/dossiers/:code/supplement', [DossiersController, 'supplement'])
          .use(middleware.can('startProcesses'))
        router
          .patch('/dossiers/:code/documents/:id', [DossiersController, 'updateDocument'])
          .use(middleware.can('startProcesses'))
      })
      .use(middleware.auth())

    router.get('/public/procedures', [PublicProceduresController, 'index'])
    router.get('/public/procedures/:code', [PublicProceduresController, 'show'])
    router.post('/public/procedures/:code/submissions', [PublicProceduresController, 'submit'])
    router.get('/public/dossiers/lookup', [PublicProceduresController, 'lookup'])
  })
  .prefix('/api')
