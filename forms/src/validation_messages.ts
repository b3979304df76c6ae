/**
 * The messages of a failed validation, in English and Vietnamese. The
 * English texts are form-js's own, word for word, so a message reads the
 * same whether the browser or the server found the problem; the messages
 * form-js has no need of (a value of the wrong type, an option that is not
 * offered, a date in the past) are the server's, in the same style.
 */

/** The locales the messages exist in. */
export const MESSAGE_LOCALES = ['en', 'vi'] as const

/** A locale the messages exist in. */
export type MessageLocale = (typeof MESSAGE_LOCALES)[number]

/** Every rule that can fail, with the parameters its message takes. */
export interface ValidationMessageParams {
  required: Record<string, never>
  minLength: { minLength: unknown }
  maxLength: { maxLength: unknown }
  min: { min: unknown }
  max: { max: unknown }
  minNotANumber: Record<string, never>
  maxNotANumber: Record<string, never>
  pattern: { pattern: string }
  phone: Record<string, never>
  email: Record<string, never>
  notANumber: Record<string, never>
  integer: Record<string, never>
  decimalDigits: { decimalDigits: number }
  increment: { previous: string; next: string }
  notText: Record<string, never>
  notBoolean: Record<string, never>
  notAList: Record<string, never>
  notAnOption: Record<string, never>
  invalidDate: Record<string, never>
  invalidTime: { format: string }
  invalidDateTime: { format: string }
  passedDate: Record<string, never>
  notAFileReference: Record<string, never>
  notAnItemList: Record<string, never>
  fixedItemCount: { count: number }
}

/** The code of a rule that can fail. */
export type ValidationMessageCode = keyof ValidationMessageParams

type Catalogue = {
  [Code in ValidationMessageCode]: (params: ValidationMessageParams[Code]) => string
}

const en: Catalogue = {
  required: () => 'Field is required.',
  minLength: ({ minLength }) => `Field must have minimum length of ${String(minLength)}.`,
  maxLength: ({ maxLength }) => `Field must have maximum length of ${String(maxLength)}.`,
  min: ({ min }) => `Field must have minimum value of ${String(min)}.`,
  max: ({ max }) => `Field must have maximum value of ${String(max)}.`,
  minNotANumber: () => 'Min validation value is not a valid number.',
  maxNotANumber: () => 'Max validation value is not a valid number.',
  pattern: ({ pattern }) => `Field must match pattern ${pattern}.`,
  // form-js's text, double space included
  phone: () => 'Field must be a valid  international phone number. (e.g. +4930664040900)',
  email: () => 'Field must be a valid email.',
  notANumber: () => 'Value is not a number.',
  integer: () => 'Value is expected to be an integer.',
  decimalDigits: ({ decimalDigits }) =>
    `Value is expected to have at most ${decimalDigits} decimal digit${decimalDigits > 1 ? 's' : ''}.`,
  increment: ({ previous, next }) =>
    `Please select a valid value, the two nearest valid values are ${previous} and ${next}.`,
  notText: () => 'Value must be text.',
  notBoolean: () => 'Value must be true or false.',
  notAList: () => 'Value must be a list.',
  notAnOption: () => 'Value is not one of the options.',
  invalidDate: () => 'Value must be a date (YYYY-MM-DD).',
  invalidTime: ({ format }) => `Value must be a time (${format}).`,
  invalidDateTime: ({ format }) => `Value must be a date and time (${format}).`,
  passedDate: () => 'Date must not be in the past.',
  notAFileReference: () => 'Value must be a file reference.',
  notAnItemList: () => 'Value must be a list of items.',
  fixedItemCount: ({ count }) => `Items cannot be added or removed (expected ${count}).`,
}

const vi: Catalogue = {
  required: () => 'Trường này là bắt buộc.',
  minLength: ({ minLength }) => `Trường phải có độ dài tối thiểu ${String(minLength)} ký tự.`,
  maxLength: ({ maxLength }) => `Trường chỉ được có độ dài tối đa ${String(maxLength)} ký tự.`,
  min: ({ min }) => `Trường phải có giá trị tối thiểu là ${String(min)}.`,
  max: ({ max }) => `Trường chỉ được có giá trị tối đa là ${String(max)}.`,
  minNotANumber: () => 'Giá trị tối thiểu của quy tắc kiểm tra không phải là số hợp lệ.',
  maxNotANumber: () => 'Giá trị tối đa của quy tắc kiểm tra không phải là số hợp lệ.',
  pattern: ({ pattern }) => `Trường phải khớp với mẫu ${pattern}.`,
  phone: () => 'Trường phải là số điện thoại quốc tế hợp lệ. (ví dụ: +84912345678)',
  email: () => 'Trường phải là địa chỉ email hợp lệ.',
  notANumber: () => 'Giá trị không phải là số.',
  integer: () => 'Giá trị phải là số nguyên.',
  decimalDigits: ({ decimalDigits }) =>
    `Giá trị chỉ được có tối đa ${decimalDigits} chữ số thập phân.`,
  increment: ({ previous, next }) =>
    `Vui lòng chọn giá trị hợp lệ, hai giá trị hợp lệ gần nhất là ${previous} và ${next}.`,
  notText: () => 'Giá trị phải là văn bản.',
  notBoolean: () => 'Giá trị phải là đúng hoặc sai.',
  notAList: () => 'Giá trị phải là một danh sách.',
  notAnOption: () => 'Giá trị không thuộc các lựa chọn cho phép.',
  invalidDate: () => 'Giá trị phải là một ngày (YYYY-MM-DD).',
  invalidTime: ({ format }) => `Giá trị phải là một thời điểm trong ngày (${format}).`,
  invalidDateTime: ({ format }) => `Giá trị phải là ngày và giờ (${format}).`,
  passedDate: () => 'Ngày không được ở trong quá khứ.',
  notAFileReference: () => 'Giá trị phải là tham chiếu tới một tệp.',
  notAnItemList: () => 'Giá trị phải là một danh sách các mục.',
  fixedItemCount: ({ count }) => `Không được thêm hoặc bớt mục (cần đúng ${count} mục).`,
}

const catalogues: Record<MessageLocale, Catalogue> = { en, vi }

/**
 * The message locale for a requested locale: `vi`, `vi-VN` and `vi_VN`
 * give Vietnamese, anything else (or nothing) English.
 */
export function messageLocale(locale: string | undefined): MessageLocale {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0]
  return (MESSAGE_LOCALES as readonly string[]).includes(language)
    ? (language as MessageLocale)
    : 'en'
}

/** The message of a failed rule in the given locale. */
export function validationMessage<Code extends ValidationMessageCode>(
  code: Code,
  params: ValidationMessageParams[Code],
  locale?: string
): string {
  const render = catalogues[messageLocale(locale)][code] as (
    params: ValidationMessageParams[Code]
  ) => string
  return render(params)
}
