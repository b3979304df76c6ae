import router from '@adonisjs/core/services/router'

router.get('/health', async () => ({ status: 'ok' }))
