import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: [
    'build/**',
    'tmp/**',
    'admin-ui/dist/**',
    'admin-ui/node_modules/**',
    'storage/**',
    'bench/results/**',
  ],
})
