import camundaCompat from 'bpmnlint-plugin-camunda-compat'

/**
 * The Camunda 8 version whose compatibility rules the studio applies: the
 * version new models declare (`modeler:executionPlatformVersion`), and the
 * Zeebe version the same models must run on.
 */
export const CAMUNDA_VERSION = '8.8'

/**
 * Rules of the Camunda 8.8 set the studio leaves out:
 * - `zeebe-user-task` asks for Camunda user tasks (`zeebe:userTask`); Senflow
 *   keeps user tasks job-based, so that the inbox receives them the same
 *   way from the embedded engine and from Zeebe (see ARCHITECTURE.md).
 */
const LEFT_OUT = new Set(['zeebe-user-task'])

/**
 * bpmnlint's own modelling rules the studio adds, with their level.
 */
const CORE_LEVELS: Record<string, 'error' | 'warn'> = {
  'bpmnlint/start-event-required': 'error',
  'bpmnlint/end-event-required': 'warn',
  'bpmnlint/no-disconnected': 'warn',
  'bpmnlint/no-duplicate-sequence-flows': 'error',
  'bpmnlint/fake-join': 'warn',
  'bpmnlint/superfluous-gateway': 'warn',
}

/**
 * The bpmnlint configuration of the studio: every rule of
 * bpmnlint-plugin-camunda-compat's `camunda-cloud-8-8` set at its level
 * (with its `{ version }` option), except those {@link LEFT_OUT}, plus
 * {@link CORE_LEVELS}. Rule names follow bpmnlint's convention:
 * `camunda-compat/<rule>` and `bpmnlint/<rule>`.
 */
export function studioLintConfig(): { rules: Record<string, unknown> } {
  const compat = camundaCompat.configs['camunda-cloud-8-8'].rules
  const rules: Record<string, unknown> = {}
  for (const [name, level] of Object.entries(compat)) {
    if (name.startsWith('bpmnlint/') || LEFT_OUT.has(name)) continue
    rules[`camunda-compat/${name}`] = level
  }
  return { rules: { ...rules, ...CORE_LEVELS } }
}
