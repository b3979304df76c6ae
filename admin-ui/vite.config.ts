/// <reference types="node" />
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * Where `npm run dev -w admin-ui` sends API calls: the AdonisJS server
 * (`SENFLOW_API` points elsewhere, e.g. a server started on another port).
 */
const api = process.env.SENFLOW_API ?? 'http://127.0.0.1:3333'

/**
 * form-js's editor renders the viewer's components, so the two packages
 * must share one Preact. npm installed the editor's pinned Preact
 * (<= 10.15.1) beside the viewer's newer copy, which breaks the designer
 * ("Cannot read properties of undefined (reading 'context')"). Every
 * `preact` import of the form-js packages is resolved from the editor's
 * copy, in the build and in the dev server's dependency pre-bundling.
 */
const FORM_JS_IMPORTER = /[\\/]@bpmn-io[\\/]form-js-(viewer|editor|playground)[\\/]/
const formJsEditorDir = dirname(createRequire(import.meta.url).resolve('@bpmn-io/form-js-editor'))

function formJsSinglePreact(): Plugin {
  return {
    name: 'senflow:form-js-single-preact',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (!/^preact(\/|$)/.test(source) || !importer || !FORM_JS_IMPORTER.test(importer))
        return null
      return this.resolve(source, `${formJsEditorDir}/index.js`, { ...options, skipSelf: true })
    },
  }
}

const formJsSinglePreactForDeps = {
  name: 'senflow:form-js-single-preact',
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string; importer: string; kind: string }) => unknown
    ): void
    resolve(path: string, options: { resolveDir: string; kind: string }): Promise<{ path: string }>
  }) {
    build.onResolve({ filter: /^preact(\/.*)?$/ }, async (args) => {
      if (!FORM_JS_IMPORTER.test(args.importer)) return undefined
      const resolved = await build.resolve(args.path, {
        resolveDir: formJsEditorDir,
        kind: args.kind,
      })
      return { path: resolved.path }
    })
  },
}

/**
 * The admin UI is served by the AdonisJS server from `admin-ui/dist`; in
 * development `npm run dev -w admin-ui` proxies the API to it.
 */
export default defineConfig({
  plugins: [formJsSinglePreact(), vue()],
  optimizeDeps: { esbuildOptions: { plugins: [formJsSinglePreactForDeps] } },
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
