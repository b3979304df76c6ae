/**
 * @senflow/forms: form-js forms for Senflow, shared by the server and the
 * admin UI (no module here uses a Node API).
 *
 * - form_schema: load a form-js schema with clear errors;
 * - submission_validator: validate a submitted form as form-js would;
 * - translations, form_document: bilingual stored forms;
 * - form_pages: multi-page forms;
 * - data_dictionary: the variables a form reads and writes.
 */
export type {
  FieldTypeConfig,
  FormComponent,
  FormOption,
  FormSchema,
  FormTableColumn,
  FormValidate,
  JsonObject,
  JsonValue,
} from './schema_types.js'
export { FIELD_TYPES, fieldTypeConfig, isKnownFieldType } from './schema_types.js'
export { checkFormSchema, FormSchemaError, parseFormSchema } from './form_schema.js'
export type { FormSchemaCheck } from './form_schema.js'
export { validateSubmission } from './submission_validator.js'
export type {
  FieldError,
  SubmissionResult,
  ValidateSubmissionOptions,
} from './submission_validator.js'
export { toFormJsErrors } from './form_js_errors.js'
export type { FormJsErrors } from './form_js_errors.js'
export { evaluateValidate, formJsFieldErrors, isMissing } from './field_rules.js'
export { MESSAGE_LOCALES, messageLocale, validationMessage } from './validation_messages.js'
export type {
  MessageLocale,
  ValidationMessageCode,
  ValidationMessageParams,
} from './validation_messages.js'
export { componentRef, localizeSchema, translatableStrings } from './translations.js'
export type { FormTranslations, TranslatableString } from './translations.js'
export { checkFormDocument, parseFormDocument } from './form_document.js'
export type { FormDocument, FormDocumentCheck } from './form_document.js'
export { formPages, isPageComponent, pageOf } from './form_pages.js'
export type { FormPage } from './form_pages.js'
export { dataDictionary } from './data_dictionary.js'
export type { DataDictionaryEntry, DictionaryOptions, DictionaryType } from './data_dictionary.js'
export { compileFeel, evaluateFeel, evaluateFeelUnaryTest, isFeelExpression } from './feel.js'
export type { CompiledFeel, FeelContext, FeelKind } from './feel.js'
export { resolveFieldOptions, normalizeOptions } from './field_options.js'
export type { NormalizedOption } from './field_options.js'
