import ExcelJS from 'exceljs'

/** A table to export: column headers (in the reader's language) and rows of plain values. */
export interface ExportTable {
  /** Sheet name (at most 31 characters in XLSX). */
  name: string
  columns: { key: string; header: string; width?: number; format?: 'percent' | 'date' }[]
  rows: Record<string, unknown>[]
}

/** The export formats offered. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  // formula injection: a cell that a spreadsheet would evaluate is written as text
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese
 * correctly); several tables follow one another, each after its name and a blank line.
 */
export function toCsv(tables: ExportTable[]): Buffer {
  const lines: string[] = []
  tables.forEach((table, index) => {
    if (tables.length > 1) {
      if (index > 0) lines.push('')
      lines.push(csvCell(table.name))
    }
    lines.push(table.columns.map((column) => csvCell(column.header)).join(','))
    for (const row of table.rows) {
      lines.push(table.columns.map((column) => csvCell(row[column.key])).join(','))
    }
  })
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

/** An XLSX workbook with one sheet per table, bold frozen headers and number formats. */
export async function toXlsx(tables: ExportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Senflow'
  workbook.created = new Date()
  const used = new Set<string>()
  for (const table of tables) {
    let name = table.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31)
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 28)} ${n}`
    used.add(name)
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = table.columns.map((column) => ({
      key: column.key,
      header: column.header,
      width: column.width ?? Math.max(10, Math.min(60, column.header.length + 4)),
      style: column.format === 'percent' ? { numFmt: '0.0%' } : {},
    }))
    sheet.getRow(1).font = { bold: true }
    for (const row of table.rows) sheet.addRow(row)
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The file for a format, with its content type. */
export async function exportFile(
  format: ExportFormat,
  tables: ExportTable[]
): Promise<{ body: Buffer; contentType: string; extension: string }> {
  if (format === 'xlsx') {
    return {
      body: await toXlsx(tables),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: 'xlsx',
    }
  }
  return { body: toCsv(tables), contentType: 'text/csv; charset=utf-8', extension: 'csv' }
}
