/**
 * Type shims for the bpmn-io packages the studio uses that ship no types
 * of their own. Each is a diagram-js module (an object of services) or a
 * small function; the studio talks to them through the typed services of
 * bpmn-js and diagram-js.
 */
declare module 'bpmn-js-properties-panel' {
  type ModuleDeclaration = import('didi').ModuleDeclaration
  export const BpmnPropertiesPanelModule: ModuleDeclaration
  export const BpmnPropertiesProviderModule: ModuleDeclaration
  export const ZeebePropertiesProviderModule: ModuleDeclaration
  export const ZeebeTooltipProvider: Record<string, unknown>
}

declare module 'bpmn-js-element-templates' {
  type ModuleDeclaration = import('didi').ModuleDeclaration
  export const CloudElementTemplatesPropertiesProviderModule: ModuleDeclaration
  export const CloudElementTemplatesCoreModule: ModuleDeclaration
  /** bpmnlint rules checking elements against their Camunda 8 element templates. */
  export function CloudElementTemplatesLinterPlugin(templates: readonly unknown[]): {
    config: { rules: Record<string, unknown> }
    resolver: { cache: Record<string, unknown> }
  }
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const module: import('didi').ModuleDeclaration
  export default module
}

declare module 'diagram-js-minimap' {
  const module: import('didi').ModuleDeclaration
  export default module
}

declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const descriptor: Record<string, unknown>
  export default descriptor
}

declare module 'bpmn-auto-layout' {
  /** Lays out the first process of a BPMN file; answers the XML with diagram information. */
  export function layoutProcess(xml: string): Promise<string>
}

declare module 'bpmnlint/lib/linter' {
  /** One finding of a rule. */
  export interface LintReport {
    id?: string
    message: string
    category: 'error' | 'warn' | 'info' | 'rule-error'
    name?: string
    path?: (string | number)[]
    meta?: { documentation?: { url?: string } }
  }
  /** bpmnlint's linter: rules resolved through `resolver`, run on a moddle root. */
  export default class Linter {
    constructor(options: { config: unknown; resolver: unknown })
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>
  }
}

declare module 'bpmnlint/lib/resolver/static-resolver' {
  /** Resolves rules and configs from a cache keyed `rule:<pkg>/<name>`, `config:<pkg>/<name>`. */
  export default class StaticResolver {
    constructor(cache: Record<string, unknown>)
  }
}

declare module 'bpmnlint-plugin-camunda-compat' {
  const plugin: {
    configs: Record<string, { rules: Record<string, unknown> }>
    rules: Record<string, string>
  }
  export default plugin
}

declare module 'bpmnlint-plugin-camunda-compat/rules/*' {
  const rule: unknown
  export default rule
}

declare module 'bpmnlint/rules/*' {
  const rule: unknown
  export default rule
}

declare module 'bpmn-moddle' {
  /** The BPMN 2.0 meta-model reader bpmn-js uses (the studio's tests read fixtures with it). */
  export default class BpmnModdle {
    constructor(extensions?: Record<string, unknown>)
    fromXML(xml: string): Promise<{ rootElement: unknown; warnings: unknown[] }>
  }
}
