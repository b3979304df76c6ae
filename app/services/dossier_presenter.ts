import type Dossier from '#models/dossier'
import type Procedure from '#models/procedure'
import { DOSSIER_STATUSES } from '#services/dossier_status'

const iso = (value: { toISO(): string | null } | null | undefined) => value?.toISO() ?? null

/**
 * A procedure as the API shows it (staff and public alike: nothing in it
 * is internal).
 */
export function presentProcedure(procedure: Procedure) {
  return {
    code: procedure.code,
    portalProcedureCode: procedure.portalProcedureCode,
    nameVi: procedure.nameVi,
    nameEn: procedure.nameEn,
    descriptionVi: procedure.descriptionVi,
    descriptionEn: procedure.descriptionEn,
    processId: procedure.processId,
    startFormId: procedure.startFormId,
    legalTimeLimitDays: procedure.legalTimeLimitDays,
    fee: procedure.fee,
    feeCurrency: procedure.feeCurrency,
    leadUnit: procedure.leadUnitCode,
    field: procedure.fieldCode
      ? { code: procedure.fieldCode, nameVi: procedure.fieldNameVi, nameEn: procedure.fieldNameEn }
      : null,
    public: procedure.isPublic,
    channels: procedure.channels,
    applicantKinds: procedure.applicantKinds,
    documents: procedure.documents,
    codePrefix: procedure.codePrefix,
    portalConnector: procedure.portalConnector,
    dueSoonDays: procedure.dueSoonDays,
    shipped: procedure.sourceFolder !== null,
    customised: Object.keys(procedure.overrides ?? {}),
    updatedAt: iso(procedure.updatedAt),
  }
}

/**
 * What a procedure shows on the public side.
 */
export function presentPublicProcedure(procedure: Procedure) {
  const { processId, portalConnector, codePrefix, shipped, customised, startFormId, ...rest } =
    presentProcedure(procedure)
  ;(void processId, portalConnector, codePrefix, shipped, customised, startFormId)
  return rest
}

/**
 * A dossier in a list.
 */
export function presentDossierSummary(dossier: Dossier) {
  const status = DOSSIER_STATUSES[dossier.status]
  return {
    code: dossier.code,
    receiptNumber: dossier.receiptNumber,
    procedure: dossier.procedure
      ? {
          code: dossier.procedure.code,
          nameVi: dossier.procedure.nameVi,
          nameEn: dossier.procedure.nameEn,
        }
      : { code: dossier.procedureCode, nameVi: null, nameEn: null },
    applicant: {
      kind: dossier.applicantKind,
      name: dossier.applicantName,
      identityNumber: dossier.identityNumber,
      taxCode: dossier.taxCode,
    },
    channel: dossier.channel,
    status: dossier.status,
    statusName: { vi: status.vi, en: status.en },
    portalStatusCode: dossier.portalStatusCode,
    receivedAt: iso(dossier.receivedAt),
    dueAt: iso(dossier.dueAt),
    revisedDueAt: iso(dossier.revisedDueAt),
    effectiveDueAt: iso(dossier.effectiveDueAt),
    clockStoppedAt: iso(dossier.clockStoppedAt),
    finishedAt: iso(dossier.finishedAt),
    returnedAt: iso(dossier.returnedAt),
    fee: { amount: dossier.feeAmount, currency: dossier.feeCurrency, status: dossier.feeStatus },
    unit: dossier.unitCode,
    processInstanceKey: dossier.processInstanceKey,
  }
}

/**
 * A dossier with everything staff see: applicant details, the start
 * data, documents, notices and history (documents, notices and history
 * preloaded).
 */
export function presentDossier(dossier: Dossier) {
  return {
    ...presentDossierSummary(dossier),
    applicant: {
      kind: dossier.applicantKind,
      name: dossier.applicantName,
      identityNumber: dossier.identityNumber,
      taxCode: dossier.taxCode,
      email: dossier.applicantEmail,
      phone: dossier.applicantPhone,
      address: dossier.applicantAddress,
    },
    summary: dossier.summary,
    data: dossier.data,
    legalTimeLimitDays: dossier.legalTimeLimitDays,
    apology: dossier.apologisedAt
      ? {
          reason: dossier.apologyReason,
          at: iso(dossier.apologisedAt),
          newAppointmentAt: iso(dossier.revisedDueAt),
        }
      : null,
    closingReason: dossier.closingReason,
    fee: {
      amount: dossier.feeAmount,
      currency: dossier.feeCurrency,
      status: dossier.feeStatus,
      paidAt: iso(dossier.paidAt),
      paymentReference: dossier.paymentReference,
    },
    processDefinitionKey: dossier.processDefinitionKey,
    portalSyncedAt: iso(dossier.portalSyncedAt),
    documents: (dossier.documents ?? []).map((document) => ({
      id: document.id,
      kind: document.kind,
      code: document.code,
      name: document.name,
      required: document.required,
      digitisation: document.digitisation,
      number: document.number,
      issuedAt: iso(document.issuedAt),
      note: document.note,
    })),
    notices: (dossier.notices ?? []).map((notice) => ({
      kind: notice.kind,
      number: notice.number,
      issuedAt: iso(notice.issuedAt),
      issuedBy: notice.issuedBy,
      details: notice.details,
      pdf: `/api/dossiers/${encodeURIComponent(dossier.code)}/notices/${notice.kind}.pdf`,
    })),
    history: (dossier.history ?? []).map((entry) => ({
      action: entry.action,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      portalStatusCode: entry.portalStatusCode,
      content: entry.content,
      details: entry.details,
      actor: entry.actorName,
      elementId: entry.elementId,
      portalSync: entry.portalSync,
      portalMessage: entry.portalMessage,
      at: iso(entry.at),
    })),
    createdAt: iso(dossier.createdAt),
    updatedAt: iso(dossier.updatedAt),
  }
}

/**
 * What the public lookup answers: status and dates, nothing internal.
 */
export function presentPublicDossier(dossier: Dossier) {
  const status = DOSSIER_STATUSES[dossier.status]
  return {
    code: dossier.code,
    receiptNumber: dossier.receiptNumber,
    procedure: {
      code: dossier.procedure.code,
      nameVi: dossier.procedure.nameVi,
      nameEn: dossier.procedure.nameEn,
    },
    status: dossier.status,
    statusName: { vi: status.vi, en: status.en },
    portalStatusCode: dossier.portalStatusCode,
    channel: dossier.channel,
    receivedAt: iso(dossier.receivedAt),
    dueAt: iso(dossier.dueAt),
    revisedDueAt: iso(dossier.revisedDueAt),
    returnedAt: iso(dossier.returnedAt),
    fee: { amount: dossier.feeAmount, currency: dossier.feeCurrency, status: dossier.feeStatus },
    history: (dossier.history ?? []).map((entry) => ({
      at: iso(entry.at),
      status: entry.toStatus,
      statusName: {
        vi: DOSSIER_STATUSES[entry.toStatus as keyof typeof DOSSIER_STATUSES]?.vi ?? entry.toStatus,
        en: DOSSIER_STATUSES[entry.toStatus as keyof typeof DOSSIER_STATUSES]?.en ?? entry.toStatus,
      },
    })),
  }
}
