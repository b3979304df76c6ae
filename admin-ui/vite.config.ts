/// <reference types="node" />
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * Where `npm run dev -w admin-ui` sends API calls: the AdonisJS server
 * (`SENFLOW_API` points elsewhere, e.g. a server started on another port).
 */
const api = process.env.SENFLOW_API ?? 'http://127.0.0.1:3333'

/**
 * Packages whose `preact` imports must use the Preact their renderer
 * uses. npm left Preact 11 at the root (pulled by a `>=10` peer range)
 * beside the copies the bpmn-io packages pin, and two Preacts in one tree
 * render nothing or fail:
 * - diagram-js renders its popup menus (change element, search) with
 *   `@bpmn-io/diagram-js-ui`'s Preact 10, but builds them with `htm/preact`,
 *   which would import the root's Preact 11: the menus stay empty;
 * - form-js's editor renders the viewer's components, and pins Preact
 *   <= 10.15.1 while the viewer got a newer copy: the designer fails
 *   ("Cannot read properties of undefined (reading 'context')").
 * Each importer gets the owner's copy, in the build and in the dev
 * server's dependency pre-bundling.
 */
const requireHere = createRequire(import.meta.url)

/** The folder a package is installed in, as Node would find it from here. */
function packageDir(name: string) {
  const found = (requireHere.resolve.paths(name) ?? [])
    .map((dir) => join(dir, name))
    .find((dir) => existsSync(join(dir, 'package.json')))
  if (!found) throw new Error(`Expected ${name} to be installed, but it is not`)
  return found
}

const PREACT_OWNERS = [
  { importer: /[\\/]node_modules[\\/]htm[\\/]/, ownerDir: packageDir('@bpmn-io/diagram-js-ui') },
  {
    importer: /[\\/]@bpmn-io[\\/]form-js-(viewer|editor|playground)[\\/]/,
    ownerDir: packageDir('@bpmn-io/form-js-editor'),
  },
]
const PREACT_IMPORT = /^preact(\/.*)?$/

function preactOwnerOf(importer: string | undefined) {
  return importer ? PREACT_OWNERS.find((owner) => owner.importer.test(importer)) : undefined
}

function singlePreact(): Plugin {
  return {
    name: 'senflow:single-preact',
    enforce: 'pre',
    resolveId(source, importer, options) {
      const owner = PREACT_IMPORT.test(source) ? preactOwnerOf(importer) : undefined
      if (!owner) return null
      return this.resolve(source, join(owner.ownerDir, 'package.json'), {
        ...options,
        skipSelf: true,
      })
    },
  }
}

const singlePreactForDeps = {
  name: 'senflow:single-preact',
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string; importer: string; kind: string }) => unknown
    ): void
    resolve(path: string, options: { resolveDir: string; kind: string }): Promise<{ path: string }>
  }) {
    build.onResolve({ filter: PREACT_IMPORT }, async (args) => {
      const owner = preactOwnerOf(args.importer)
      if (!owner) return undefined
      const resolved = await build.resolve(args.path, {
        resolveDir: owner.ownerDir,
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
  plugins: [singlePreact(), vue()],
  optimizeDeps: { esbuildOptions: { plugins: [singlePreactForDeps] } },
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
