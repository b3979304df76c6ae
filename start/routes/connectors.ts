/*
|--------------------------------------------------------------------------
| Routes of the connectors (issue 7)
|--------------------------------------------------------------------------
|
| Connector configurations, secrets and webhooks under /api (administrators
| manage them; process owners read connectors and their element
| templates), and the public inbound endpoint of webhooks. Described in
| app/services/openapi_connectors.ts.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ConnectorsController = () => import('#controllers/connectors_controller')
const SecretsController = () => import('#controllers/secrets_controller')
const WebhooksController = () => import('#controllers/webhooks_controller')
const HooksController = () => import('#controllers/hooks_controller')

router
  .group(() => {
    router
      .group(() => {
        router.get('/connectors', [ConnectorsController, 'index'])
        router.get('/connectors/element-templates', [ConnectorsController, 'elementTemplates'])
        router.get('/connectors/:id', [ConnectorsController, 'show'])
      })
      .use(middleware.can('viewConnectors'))

    router
      .group(() => {
        router.post('/connectors', [ConnectorsController, 'store'])
        router.patch('/connectors/:id', [ConnectorsController, 'update'])
        router.post('/connectors/:id/test', [ConnectorsController, 'test'])
        router.post('/connectors/:id/disable', [ConnectorsController, 'disable'])
        router.post('/connectors/:id/enable', [ConnectorsController, 'enable'])

        router.get('/secrets', [SecretsController, 'index'])
        router.post('/secrets', [SecretsController, 'store'])
        router.get('/secrets/:name', [SecretsController, 'show'])
        router.post('/secrets/:name/rotate', [SecretsController, 'rotate'])
        router.delete('/secrets/:name', [SecretsController, 'destroy'])

        router.get('/webhooks', [WebhooksController, 'index'])
        router.post('/webhooks', [WebhooksController, 'store'])
        router.get('/webhooks/:id', [WebhooksController, 'show'])
        router.patch('/webhooks/:id', [WebhooksController, 'update'])
        router.delete('/webhooks/:id', [WebhooksController, 'destroy'])
        router.get('/webhooks/:id/deliveries', [WebhooksController, 'deliveries'])
      })
      .use(middleware.can('manageConnectors'))
  })
  .prefix('/api')
  .where('id', router.matchers.number())
  .where('name', /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/)
  .use(middleware.auth())

/*
| Inbound webhooks: public; each request carries the webhook's HMAC
| signature or shared secret.
*/
router
  .post('/hooks/:publicId', [HooksController, 'receive'])
  .where('publicId', /^[A-Za-z0-9_-]{8,64}$/)
