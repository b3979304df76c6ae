/*
|--------------------------------------------------------------------------
| Environment variables service
|--------------------------------------------------------------------------
|
| Every variable the server reads, validated once at boot. Defaults make a
| fresh clone start on SQLite with nothing configured; `bin/start.js` writes
| a `.env` with a generated APP_KEY on first start.
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.string(),
  LOG_LEVEL: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Database
  |----------------------------------------------------------
  */
  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'mysql'] as const),
  SQLITE_FILE: Env.schema.string.optional(),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Product
  |----------------------------------------------------------
  */
  SESSION_DRIVER: Env.schema.enum.optional(['cookie', 'memory'] as const),
  DEMO_PASSWORD: Env.schema.string.optional(),
  SENFLOW_CLOCK_CONTROL: Env.schema.boolean.optional(),
  ENGINE: Env.schema.enum.optional(['embedded', 'zeebe'] as const),

  /*
  |----------------------------------------------------------
  | Zeebe (docs/zeebe.md): ENGINE=zeebe runs the processes on a
  | Zeebe cluster; SENFLOW_GRPC_PORT serves the embedded engine
  | over Zeebe's gRPC protocol
  |----------------------------------------------------------
  */
  ZEEBE_ADDRESS: Env.schema.string.optional(),
  ZEEBE_CLIENT_ID: Env.schema.string.optional(),
  ZEEBE_CLIENT_SECRET: Env.schema.string.optional(),
  ZEEBE_AUTHORIZATION_SERVER_URL: Env.schema.string.optional(),
  ZEEBE_TOKEN_AUDIENCE: Env.schema.string.optional(),
  ZEEBE_ACCESS_TOKEN: Env.schema.string.optional(),
  ZEEBE_SECURE: Env.schema.boolean.optional(),
  CAMUNDA_REST_ADDRESS: Env.schema.string.optional(),
  SENFLOW_GRPC_PORT: Env.schema.number.optional(),
  SENFLOW_GRPC_HOST: Env.schema.string.optional(),
  SENFLOW_GRPC_INSECURE: Env.schema.boolean.optional(),
  SENFLOW_ENGINE_ONLY: Env.schema.boolean.optional(),

  /*
  |----------------------------------------------------------
  | Variables for configuring the limiter package
  |----------------------------------------------------------
  */
  LIMITER_STORE: Env.schema.enum.optional(['database', 'memory'] as const),
})
