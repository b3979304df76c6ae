/*
|--------------------------------------------------------------------------
| VineJS messages
|--------------------------------------------------------------------------
|
| Error messages name the whole path of the field ("unitCodes.0", not "0")
| and say what was expected.
*/
import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

const MESSAGES: Record<string, string> = {
  'required': 'The {{ field }} field is required',
  'string': 'Expected {{ field }} to be a string',
  'number': 'Expected {{ field }} to be a number',
  'boolean': 'Expected {{ field }} to be true or false',
  'array': 'Expected {{ field }} to be an array',
  'object': 'Expected {{ field }} to be an object',
  'email': 'Expected {{ field }} to be a valid email address',
  'enum': 'Expected {{ field }} to be one of: {{ choices }}',
  'minLength': 'Expected {{ field }} to have at least {{ min }} characters',
  'maxLength': 'Expected {{ field }} to have at most {{ max }} characters',
  'regex': 'The {{ field }} field format is invalid',
  'distinct': 'Expected {{ field }} to have no duplicate values',
  'database.unique': 'The {{ field }} is already taken',
  'database.exists': 'The {{ field }} does not name an existing record',
}

class PathMessagesProvider extends SimpleMessagesProvider {
  getMessage(
    defaultMessage: string,
    rule: string,
    field: FieldContext,
    args?: Record<string, any>
  ) {
    const path = field.getFieldPath() || field.name
    const named = { ...field, name: path, getFieldPath: field.getFieldPath } as FieldContext
    return super.getMessage(defaultMessage, rule, named, args)
  }
}

vine.messagesProvider = new PathMessagesProvider(MESSAGES)
