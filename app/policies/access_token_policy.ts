import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#models/user'

/**
 * Who may see and change an access token: its owner, or an admin.
 */
export default class AccessTokenPolicy extends BasePolicy {
  manage(user: User, token: { tokenableId: number }) {
    return user.hasRole('admin') || token.tokenableId === user.id
  }

  /**
   * Only admins create tokens for other users (worker accounts).
   */
  createFor(user: User, ownerId: number) {
    return user.hasRole('admin') || ownerId === user.id
  }
}
