import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

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
      '/api': 'http://127.0.0.1:3333',
      '/v2': 'http://127.0.0.1:3333',
      '/health': 'http://127.0.0.1:3333',
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.spec.ts'],
  },
} as any)
