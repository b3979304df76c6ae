import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import PDFDocument from 'pdfkit'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Dossier from '#models/dossier'
import type DossierNotice from '#models/dossier_notice'
import type { NoticeKind } from '#models/dossier_notice'
import { DOSSIER_STATUSES } from '#services/dossier_status'

const require = createRequire(import.meta.url)

/** The DejaVu TTF fonts (full Vietnamese glyphs), from `dejavu-fonts-ttf`. */
function fontPath(file: string) {
  const root = dirname(require.resolve('dejavu-fonts-ttf/package.json'))
  return join(root, 'ttf', file)
}

const ZONE = 'Asia/Ho_Chi_Minh'

/** The title of each notice, as the one-stop shop prints it. */
export const NOTICE_TITLES: Record<NoticeKind, string> = {
  'receipt': 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  'supplement-request': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  'refusal': 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ',
  'apology': 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  'result': 'THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ',
}

const CHANNELS: Record<string, string> = {
  'in-person': 'Trực tiếp tại Bộ phận Một cửa',
  'online': 'Trực tuyến',
  'post': 'Qua dịch vụ bưu chính',
}

const DIGITISATION: Record<string, string> = {
  paper: 'Bản giấy',
  scanned: 'Đã quét',
  digitised: 'Đã số hóa',
  electronic: 'Bản điện tử',
}

/** `14 giờ 05 phút, ngày 24/11/2026` in Vietnam time. */
function vnDateTime(value: DateTime | null | undefined) {
  if (!value) return '—'
  const local = value.setZone(ZONE)
  return `${local.toFormat('HH')} giờ ${local.toFormat('mm')} phút, ngày ${local.toFormat('dd/MM/yyyy')}`
}

function vnDate(value: DateTime | null | undefined) {
  return value ? value.setZone(ZONE).toFormat('dd/MM/yyyy') : '—'
}

function money(amount: number, currency: string) {
  return `${new Intl.NumberFormat('vi-VN').format(amount)} ${currency === 'VND' ? 'đồng' : currency}`
}

function isoToDateTime(value: unknown) {
  return typeof value === 'string' ? DateTime.fromISO(value, { zone: 'utc' }) : null
}

/**
 * Renders a notice of a dossier as a printable A4 PDF in Vietnamese: the
 * national motto and the issuing unit, the notice's number and date, the
 * dossier and applicant, what the notice says (appointment, requested
 * items, reasons, new date, result documents) and the signature block.
 * Documents, procedure and unit must be loaded on the dossier.
 */
export async function renderNoticePdf(dossier: Dossier, notice: DossierNotice): Promise<Buffer> {
  const unit = await db.from('units').where('code', dossier.unitCode).select('name_vi').first()
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 70, right: 56 },
    info: {
      Title: `${NOTICE_TITLES[notice.kind]} — ${dossier.code}`,
      Author: unit?.name_vi ?? 'Bộ Ngoại giao',
      Subject: dossier.procedure.nameVi,
    },
  })
  doc.registerFont('regular', fontPath('DejaVuSerif.ttf'))
  doc.registerFont('bold', fontPath('DejaVuSerif-Bold.ttf'))
  doc.registerFont('italic', fontPath('DejaVuSerif-Italic.ttf'))
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right
  const half = width / 2 - 10
  const top = doc.y

  // 1. the issuing unit (left) and the national motto (right)
  doc
    .font('regular')
    .fontSize(10)
    .text('BỘ NGOẠI GIAO', left, top, { width: half, align: 'center' })
  doc
    .font('bold')
    .text((unit?.name_vi ?? 'Bộ phận Một cửa').toUpperCase(), { width: half, align: 'center' })
  doc.font('regular').text(`Số: ${notice.number}`, { width: half, align: 'center' })
  const leftBottom = doc.y
  doc.font('bold').text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + half + 20, top, {
    width: half,
    align: 'center',
  })
  doc.text('Độc lập - Tự do - Hạnh phúc', { width: half, align: 'center', underline: true })
  const issued = notice.issuedAt.setZone(ZONE)
  doc
    .font('italic')
    .text(
      `Hà Nội, ngày ${issued.toFormat('dd')} tháng ${issued.toFormat('MM')} năm ${issued.year}`,
      { width: half, align: 'center' }
    )
  doc.y = Math.max(leftBottom, doc.y) + 24

  // 2. the title
  doc
    .font('bold')
    .fontSize(13)
    .text(NOTICE_TITLES[notice.kind], left, doc.y, { width, align: 'center' })
  doc.moveDown(0.3)
  doc
    .font('italic')
    .fontSize(10)
    .text(`Mã hồ sơ: ${dossier.code} — Số biên nhận: ${dossier.receiptNumber}`, {
      width,
      align: 'center',
    })
  doc.moveDown(1)

  const line = (label: string, value: string) => {
    doc.font('bold').fontSize(11).text(`${label}: `, left, doc.y, { continued: true, width })
    doc.font('regular').text(value, { width })
    doc.moveDown(0.2)
  }
  const paragraph = (value: string, font: 'regular' | 'italic' = 'regular') => {
    doc.font(font).fontSize(11).text(value, left, doc.y, { width, align: 'justify' })
    doc.moveDown(0.4)
  }
  const bullets = (items: string[]) => {
    items.forEach((item, index) => {
      doc
        .font('regular')
        .fontSize(11)
        .text(`${index + 1}. ${item}`, left + 16, doc.y, { width: width - 16 })
      doc.moveDown(0.15)
    })
    doc.moveDown(0.3)
  }

  // 3. the dossier and the applicant
  const unitName = unit?.name_vi ?? dossier.unitCode
  line('Thủ tục hành chính', dossier.procedure.nameVi)
  line(
    dossier.applicantKind === 'citizen' ? 'Người nộp hồ sơ' : 'Tổ chức, doanh nghiệp',
    dossier.applicantName
  )
  if (dossier.identityNumber) line('Số định danh cá nhân / hộ chiếu', dossier.identityNumber)
  if (dossier.taxCode) line('Mã số thuế', dossier.taxCode)
  if (dossier.applicantAddress) line('Địa chỉ', dossier.applicantAddress)
  if (dossier.applicantPhone) line('Điện thoại', dossier.applicantPhone)
  if (dossier.applicantEmail) line('Thư điện tử', dossier.applicantEmail)
  line('Hình thức nộp', CHANNELS[dossier.channel] ?? dossier.channel)
  line('Thời điểm tiếp nhận', vnDateTime(dossier.receivedAt))
  doc.moveDown(0.5)

  // 4. what the notice says
  const details = notice.details ?? {}
  switch (notice.kind) {
    case 'receipt': {
      const submitted = (dossier.documents ?? []).filter((item) => item.kind === 'submitted')
      if (submitted.length) {
        doc.font('bold').fontSize(11).text('Thành phần hồ sơ đã nhận:', left, doc.y)
        doc.moveDown(0.2)
        bullets(
          submitted.map(
            (item) => `${item.name} (${DIGITISATION[item.digitisation] ?? item.digitisation})`
          )
        )
      }
      line(
        'Thời hạn giải quyết',
        `${dossier.legalTimeLimitDays} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ`
      )
      line('Ngày hẹn trả kết quả', vnDateTime(dossier.dueAt))
      if (dossier.feeAmount > 0) line('Phí, lệ phí', money(dossier.feeAmount, dossier.feeCurrency))
      line('Nơi trả kết quả', unitName)
      paragraph(
        `Tra cứu tình trạng hồ sơ bằng mã hồ sơ ${dossier.code} và số định danh (hoặc mã số thuế) đã khai khi nộp.`,
        'italic'
      )
      break
    }
    case 'supplement-request': {
      paragraph(
        `${unitName} đã xem xét hồ sơ nêu trên. Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ với các nội dung sau:`
      )
      const items = Array.isArray(details.items) ? (details.items as unknown[]).map(String) : []
      if (items.length) bullets(items)
      if (details.reason) line('Lý do', String(details.reason))
      paragraph(
        `Thời hạn giải quyết (${dossier.legalTimeLimitDays} ngày làm việc) được tính lại từ ngày nhận đủ hồ sơ bổ sung hợp lệ. Mọi vướng mắc xin liên hệ ${unitName}.`,
        'italic'
      )
      break
    }
    case 'refusal':
      paragraph(`${unitName} không tiếp nhận, giải quyết hồ sơ nêu trên vì lý do sau:`)
      paragraph(String(details.reason ?? dossier.closingReason ?? 'Hồ sơ không đủ điều kiện.'))
      paragraph('Ông/bà có quyền khiếu nại theo quy định của pháp luật về khiếu nại.', 'italic')
      break
    case 'apology': {
      const previous = isoToDateTime(details.previousDueAt) ?? dossier.dueAt
      const next = isoToDateTime(details.newAppointmentAt) ?? dossier.revisedDueAt
      paragraph(
        `${unitName} thành thật xin lỗi ông/bà vì hồ sơ nêu trên chưa được giải quyết đúng hẹn (ngày hẹn trả kết quả: ${vnDate(previous)}).`
      )
      if (details.reason) line('Lý do', String(details.reason))
      line('Ngày hẹn trả kết quả mới', vnDateTime(next))
      paragraph('Mong ông/bà thông cảm. Trân trọng.', 'italic')
      break
    }
    case 'result': {
      paragraph(`${unitName} thông báo hồ sơ nêu trên đã được giải quyết.`)
      if (details.summary) line('Kết quả', String(details.summary))
      const results = (dossier.documents ?? []).filter((item) => item.kind === 'result')
      if (results.length) {
        doc.font('bold').fontSize(11).text('Giấy tờ kết quả:', left, doc.y)
        doc.moveDown(0.2)
        bullets(
          results.map((item) =>
            [
              item.name,
              item.number ? `số ${item.number}` : null,
              item.issuedAt ? `ngày ${vnDate(item.issuedAt)}` : null,
            ]
              .filter(Boolean)
              .join(', ')
          )
        )
      }
      line('Trạng thái hồ sơ', DOSSIER_STATUSES[dossier.status].vi)
      if (dossier.feeAmount > 0 && dossier.feeStatus !== 'paid')
        line('Phí, lệ phí phải nộp khi nhận kết quả', money(dossier.feeAmount, dossier.feeCurrency))
      line('Nơi nhận kết quả', unitName)
      break
    }
  }

  // 5. the signature block
  doc.moveDown(1.5)
  const signatureTop = doc.y
  doc
    .font('bold')
    .fontSize(11)
    .text('NGƯỜI NỘP HỒ SƠ', left, signatureTop, { width: half, align: 'center' })
  doc.font('italic').fontSize(9).text('(Ký và ghi rõ họ tên)', { width: half, align: 'center' })
  doc
    .font('bold')
    .fontSize(11)
    .text(
      notice.kind === 'receipt' ? 'NGƯỜI TIẾP NHẬN' : 'THỦ TRƯỞNG ĐƠN VỊ',
      left + half + 20,
      signatureTop,
      { width: half, align: 'center' }
    )
  doc.font('italic').fontSize(9).text('(Ký và ghi rõ họ tên)', { width: half, align: 'center' })
  if (notice.issuedBy && !notice.issuedBy.startsWith('system:')) {
    doc.moveDown(3)
    doc.font('regular').fontSize(11).text(notice.issuedBy, { width: half, align: 'center' })
  }
  doc.end()
  return done
}
