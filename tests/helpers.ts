import User from '#models/user'

/**
 * A demo user by the local part of their email (`admin`, `staff`, …),
 * with roles and units loaded.
 */
export async function demoUser(name: string) {
  return User.query()
    .where('email', `${name}@demo.senflow.local`)
    .preload('roleRows')
    .preload('units')
    .firstOrFail()
}

/**
 * The URL of the HTTP server the functional suite starts.
 */
export function baseUrl() {
  return `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3334}`
}
