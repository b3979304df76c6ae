/// <reference types="node" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * Where `npm run dev -w admin-ui` sends API calls: the AdonisJS server
 * (`SENFLOW_API` points elsewhere, e.g. a server started on another port).
 */
const api = process.env.SENFLOW_API ?? 'http://127.0.0.1:3333'

/**
 * The admin UI is served by the AdonisJS server from `admin-ui/dist`; in
 * development `npm run dev -w admin-ui` proxies the API to it.
 */
export default defineConfig({
  plugins: [vue()],
  base: '/',
  // vue-i18n's build flags: Composition API only, no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': api,
      '/v2': api,
      '/health': api,
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.spec.ts'],
  },
} as any)
