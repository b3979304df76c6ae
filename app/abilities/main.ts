/*
|--------------------------------------------------------------------------
| Bouncer abilities
|--------------------------------------------------------------------------
|
| What each role may do. Every route names the ability it needs with the
| `can` middleware (start/routes.ts), so who may call a route is stated
| next to it; finer checks on one resource live in app/policies.
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

/**
 * Manage the organisation: create and change units and users (admins).
 */
export const manageOrganisation = Bouncer.ability((user: User) => user.hasRole('admin'))

/**
 * Read the organisation directory in full: users with their roles and
 * units (admins, process owners for assignment pickers, leaders, auditors).
 */
export const viewDirectory = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'process_owner', 'leader', 'auditor')
)

/**
 * Read the unit tree (every signed-in user: staff delegate to units).
 */
export const viewUnits = Bouncer.ability((_user: User) => true)

/**
 * Create and revoke one's own access tokens (every signed-in user).
 */
export const manageOwnTokens = Bouncer.ability((_user: User) => true)

/**
 * Read the audit log (admins and auditors).
 */
export const viewAudit = Bouncer.ability((user: User) => user.hasRole('admin', 'auditor'))

/**
 * Deploy and design processes, forms and connectors' use in models
 * (process owners and admins).
 */
export const designProcesses = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'process_owner')
)

/**
 * Operate the engine through the Camunda REST API: deploy, start and
 * cancel instances, run job workers (admins, process owners, and worker
 * accounts holding the staff role for job completion are checked per route).
 */
export const operateEngine = Bouncer.ability((user: User) => user.hasRole('admin', 'process_owner'))

/**
 * Monitor instances and incidents (admins, leaders, process owners, auditors).
 */
export const monitorInstances = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'leader', 'process_owner', 'auditor')
)

/**
 * Act on instances from the monitor: fix variables, retry incidents,
 * cancel (admins, leaders, process owners; not auditors).
 */
export const operateInstances = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'leader', 'process_owner')
)

/**
 * Administer running instances: modify them (activate, terminate
 * elements), migrate them to another version, suspend and resume them
 * (admins only).
 */
export const administerInstances = Bouncer.ability((user: User) => user.hasRole('admin'))

/**
 * Move the engine clock (`PUT /v2/clock`): admins only, and only when
 * SENFLOW_CLOCK_CONTROL=true (checked by the controller).
 */
export const controlClock = Bouncer.ability((user: User) => user.hasRole('admin'))

/**
 * Start procedures from the app (receiving a dossier at the counter):
 * everyone but auditors.
 */
export const startProcesses = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'process_owner', 'staff', 'leader')
)

/**
 * Configure connectors, their secrets and the inbound webhooks (admins).
 */
export const manageConnectors = Bouncer.ability((user: User) => user.hasRole('admin'))

/**
 * Read connector configurations and their element templates, to pick them
 * in the modeler (admins and process owners).
 */
export const viewConnectors = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'process_owner')
)

/**
 * Read the business calendar (every signed-in user: deadlines are shown in working days).
 */
export const viewCalendar = Bouncer.ability((_user: User) => true)

/**
 * Set each year's days off and make-up working days (admins).
 */
export const manageCalendar = Bouncer.ability((user: User) => user.hasRole('admin'))

/**
 * Read the register of commitments (every signed-in user).
 */
export const viewCommitments = Bouncer.ability((_user: User) => true)

/**
 * Act as a unit on a commitment: progress reports, extension requests, completion reports
 * (staff, leaders, admins; the service checks the user belongs to the lead or a coordinating
 * unit).
 */
export const reportCommitments = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'leader', 'staff')
)

/**
 * Record, change and cancel commitments; decide extensions and verify completion as the
 * assigning side (leaders and admins; decisions are checked against the verifiers).
 */
export const manageCommitments = Bouncer.ability((user: User) => user.hasRole('admin', 'leader'))

/**
 * Leaders' dashboards and statistics, with CSV/XLSX exports (admins, leaders, process owners,
 * auditors).
 */
export const viewDashboards = Bouncer.ability((user: User) =>
  user.hasRole('admin', 'leader', 'process_owner', 'auditor')
)
