/**
 * Minimal typing of `bpmn-moddle` (the package ships none): the constructor with extension
 * packages and `fromXML`, which is all the engine uses.
 */
declare module 'bpmn-moddle' {
  interface ParseWarning {
    message: string
    element?: unknown
    property?: unknown
    value?: unknown
  }

  interface ParseResult {
    rootElement: unknown
    warnings: ParseWarning[]
    elementsById: Record<string, unknown>
    references: unknown[]
  }

  export default class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>)
    fromXML(xml: string, typeName?: string): Promise<ParseResult>
  }
}
