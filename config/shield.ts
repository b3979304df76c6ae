import { defineConfig } from '@adonisjs/shield'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * CSRF is a browser attack: only a browser sends a victim's session cookie
 * on a forged request, and every current browser marks its requests with
 * `Sec-Fetch-Site` and (on unsafe methods) `Origin`. So the token check
 * applies to browser requests; API clients and workers (curl, Camunda
 * clients, zeebe workers) authenticate by token or Basic and send neither
 * header. The SPA reads the XSRF-TOKEN cookie and echoes it in X-XSRF-TOKEN.
 */
export function isCsrfExempt(ctx: HttpContext): boolean {
  const headers = ctx.request.headers()
  if (headers['authorization']) return true
  const fromBrowser = headers['sec-fetch-site'] !== undefined || headers['origin'] !== undefined
  return !fromBrowser
}

const shieldConfig = defineConfig({
  /**
   * Configure CSP policies for your app. Refer documentation
   * to learn more
   */
  csp: {
    enabled: false,
    directives: {},
    reportOnly: false,
  },

  /**
   * Configure CSRF protection options. Refer documentation
   * to learn more
   */
  csrf: {
    enabled: true,
    exceptRoutes: isCsrfExempt,
    enableXsrfCookie: true,
    cookieOptions: { maxAge: '8h' },
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },

  /**
   * Control how your website should be embedded inside
   * iFrames
   */
  xFrame: {
    enabled: true,
    action: 'DENY',
  },

  /**
   * Force browser to always use HTTPS
   */
  hsts: {
    enabled: false,
    maxAge: '180 days',
  },

  /**
   * Disable browsers from sniffing the content type of a
   * response and always rely on the "content-type" header.
   */
  contentTypeSniffing: {
    enabled: true,
  },
})

export default shieldConfig
