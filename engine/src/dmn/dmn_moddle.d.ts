/**
 * Minimal typing of `dmn-moddle` (the package ships none): the constructor and `fromXML`, which
 * is all the DMN compiler uses.
 */
declare module 'dmn-moddle' {
  interface ParseWarning {
    message: string
  }

  interface ParseResult {
    rootElement: unknown
    warnings: ParseWarning[]
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>)
    fromXML(xml: string, typeName?: string): Promise<ParseResult>
  }
}
