import db from '@adonisjs/lucid/services/db'
import Unit from '#models/unit'
import User from '#models/user'
import type { Role } from '#models/role'
import UserService from '#services/user_service'
import AuditService from '#services/audit_service'
import { loadDemoConnectors } from '#services/demo_connectors'
import { loadDemoDossiers } from '#services/demo_dossiers'
import { scheduleDemoCommitments } from '#services/demo_commitments'

/**
 * The demo organisation: a ministry unit tree, by code, parent first.
 */
export const DEMO_UNITS: { code: string; nameVi: string; nameEn: string; parent?: string }[] = [
  { code: 'MOFA', nameVi: 'Bộ Ngoại giao', nameEn: 'Ministry of Foreign Affairs' },
  { code: 'CONSULAR', nameVi: 'Cục Lãnh sự', nameEn: 'Consular Department', parent: 'MOFA' },
  {
    code: 'CONSULAR-LEGAL',
    nameVi: 'Phòng Hợp pháp hóa lãnh sự',
    nameEn: 'Legalization Division',
    parent: 'CONSULAR',
  },
  {
    code: 'CONSULAR-PASSPORT',
    nameVi: 'Phòng Hộ chiếu',
    nameEn: 'Passport Division',
    parent: 'CONSULAR',
  },
  {
    code: 'FOREIGN-POLICY',
    nameVi: 'Vụ Chính sách đối ngoại',
    nameEn: 'Department of Foreign Policy',
    parent: 'MOFA',
  },
  {
    code: 'INTL-LAW',
    nameVi: 'Vụ Luật pháp và Điều ước quốc tế',
    nameEn: 'Department of International Law and Treaties',
    parent: 'MOFA',
  },
  { code: 'OFFICE', nameVi: 'Văn phòng Bộ', nameEn: 'Ministry Office', parent: 'MOFA' },
  {
    code: 'OFFICE-RECORDS',
    nameVi: 'Phòng Văn thư – Lưu trữ',
    nameEn: 'Records and Archives Division',
    parent: 'OFFICE',
  },
  {
    code: 'CY-IT',
    nameVi: 'Cục Cơ yếu và Công nghệ thông tin',
    nameEn: 'Department of Cryptography and IT',
    parent: 'MOFA',
  },
]

/**
 * The demo users: one per role, plus a second staff member in another
 * division so visibility can be tried, and the Ministry Office's clerk and
 * leader who register and assign incoming documents.
 */
export const DEMO_USERS: { email: string; fullName: string; roles: Role[]; units: string[] }[] = [
  {
    email: 'admin@demo.senflow.local',
    fullName: 'Nguyễn Văn An',
    roles: ['admin'],
    units: ['CY-IT'],
  },
  {
    email: 'owner@demo.senflow.local',
    fullName: 'Trần Thị Bình',
    roles: ['process_owner'],
    units: ['CONSULAR'],
  },
  {
    email: 'staff@demo.senflow.local',
    fullName: 'Lê Văn Cường',
    roles: ['staff'],
    units: ['CONSULAR-LEGAL'],
  },
  {
    email: 'staff2@demo.senflow.local',
    fullName: 'Phạm Thị Dung',
    roles: ['staff'],
    units: ['CONSULAR-PASSPORT'],
  },
  {
    email: 'leader@demo.senflow.local',
    fullName: 'Hoàng Văn Em',
    roles: ['leader'],
    units: ['CONSULAR'],
  },
  {
    email: 'auditor@demo.senflow.local',
    fullName: 'Vũ Thị Giang',
    roles: ['auditor'],
    units: ['OFFICE'],
  },
  {
    email: 'clerk@demo.senflow.local',
    fullName: 'Đặng Thị Hà',
    roles: ['staff'],
    units: ['OFFICE-RECORDS'],
  },
  {
    email: 'office-leader@demo.senflow.local',
    fullName: 'Bùi Văn Khánh',
    roles: ['leader'],
    units: ['OFFICE'],
  },
]

/**
 * The demo password: `DEMO_PASSWORD`, or `senflow-demo` when unset.
 */
export function demoPassword() {
  return process.env.DEMO_PASSWORD || 'senflow-demo'
}

/**
 * Loads the demo organisation; units and users that already exist (by
 * code or email) are left as they are, so it can run more than once.
 * Returns how many units and users it created.
 */
export async function loadDemoData() {
  const actor = { id: null, email: 'system:demo-data' }
  let unitsCreated = 0
  let usersCreated = 0
  await db.transaction(async (trx) => {
    for (const definition of DEMO_UNITS) {
      const existing = await Unit.query({ client: trx }).where('code', definition.code).first()
      if (existing) continue
      const parent = definition.parent
        ? await Unit.query({ client: trx }).where('code', definition.parent).firstOrFail()
        : null
      await Unit.create(
        {
          code: definition.code,
          nameVi: definition.nameVi,
          nameEn: definition.nameEn,
          parentId: parent?.id ?? null,
          active: true,
        },
        { client: trx }
      )
      unitsCreated++
    }
  })
  const users = new UserService(new AuditService())
  for (const definition of DEMO_USERS) {
    if (await User.findBy('email', definition.email)) continue
    await users.create(
      {
        email: definition.email,
        fullName: definition.fullName,
        password: demoPassword(),
        roles: definition.roles,
        unitCodes: definition.units,
      },
      actor
    )
    usersCreated++
  }
  await loadDemoConnectors()
  // the shipped procedures and a few dozen dossiers in varied states (issue 10)
  await loadDemoDossiers()
  // the demo commitments follow once the engine runtime runs (their processes need it)
  scheduleDemoCommitments()
  return { unitsCreated, usersCreated }
}

/**
 * Tells whether the database holds no users yet (a fresh install).
 */
export async function isEmptyDatabase() {
  const row = await db.from('users').count('* as total').first()
  return Number(row?.total ?? 0) === 0
}
