import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import * as abilities from '#abilities/main'

/**
 * Lets a request through only when the signed-in user has the named
 * ability (app/abilities/main.ts); runs after the auth middleware.
 */
export default class CanMiddleware {
  async handle(ctx: HttpContext, next: NextFn, ability: keyof typeof abilities) {
    await ctx.bouncer.authorize(abilities[ability])
    return next()
  }
}
