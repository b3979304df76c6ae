import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  {
    ignores: [
      'build/**',
      'tmp/**',
      'admin-ui/dist/**',
      'storage/**',
      'bench/results/**',
      '**/tmp/**',
    ],
  },
  {
    rules: {
      // `(await client.get(...)).assertStatus(200)` reads well in tests and services.
      '@unicorn/no-await-expression-member': 'off',
    },
  }
)
