/**
 * The embedded BPMN engine: pure TypeScript, no AdonisJS, no Lucid.
 */
export const ENGINE_NAME = 'senflow-embedded'
