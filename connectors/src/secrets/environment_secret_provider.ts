import type { SecretProvider } from '../types.js'

/** Prefix of the environment variables read as secrets. */
export const SECRET_ENVIRONMENT_PREFIX = 'SENFLOW_SECRET_'

/**
 * Reads secrets from environment variables `SENFLOW_SECRET_<NAME>`, as
 * Camunda's connector runtime reads its secrets from its environment. The
 * runtime uses it after the app's provider, so a deployment can supply a
 * secret without storing it in the database.
 *
 * `NAME` is tried as written, then upper-cased with every character other
 * than a letter or a digit turned into `_` (`treaty-db.password` →
 * `SENFLOW_SECRET_TREATY_DB_PASSWORD`).
 */
export class EnvironmentSecretProvider implements SecretProvider {
  readonly #environment: NodeJS.ProcessEnv

  constructor(environment: NodeJS.ProcessEnv = process.env) {
    this.#environment = environment
  }

  async get(name: string): Promise<string | undefined> {
    const exact = this.#environment[`${SECRET_ENVIRONMENT_PREFIX}${name}`]
    if (exact !== undefined) return exact
    const normalized = name.toUpperCase().replace(/[^A-Z0-9]/g, '_')
    return this.#environment[`${SECRET_ENVIRONMENT_PREFIX}${normalized}`]
  }
}

/**
 * Asks several providers in order and answers with the first that knows the
 * name; how the runtime puts the app's provider before the environment.
 */
export class ChainedSecretProvider implements SecretProvider {
  readonly #providers: SecretProvider[]

  constructor(providers: SecretProvider[]) {
    this.#providers = providers
  }

  async get(name: string): Promise<string | undefined> {
    for (const provider of this.#providers) {
      const value = await provider.get(name)
      if (value !== undefined) return value
    }
    return undefined
  }
}
