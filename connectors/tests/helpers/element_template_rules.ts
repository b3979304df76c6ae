/**
 * The rules of Camunda's element template schema
 * (@camunda/zeebe-element-templates-json-schema) that the templates Senflow
 * writes must follow, checked as plain functions so that a test can list
 * every violation. Written from the schema's definitions (properties.json,
 * template.json); the schema itself cannot be fetched here.
 */

type Json = Record<string, unknown>

const PROPERTY_TYPES = ['String', 'Text', 'Hidden', 'Dropdown', 'Boolean', 'Number']
const BINDING_TYPES = [
  'property',
  'zeebe:taskDefinition',
  'zeebe:input',
  'zeebe:output',
  'zeebe:property',
  'zeebe:taskHeader',
]
const OPTIONAL_BINDINGS = ['zeebe:input', 'zeebe:output', 'zeebe:property', 'zeebe:taskHeader']

/** Every rule the template breaks, as "where: what". */
export function elementTemplateViolations(template: Json): string[] {
  const problems: string[] = []
  for (const name of ['name', 'id'])
    if (typeof template[name] !== 'string' || template[name] === '')
      problems.push(`template: ${name} missing`)
  if (
    !Array.isArray(template.appliesTo) ||
    template.appliesTo.length === 0 ||
    !template.appliesTo.every((type) => typeof type === 'string' && type.startsWith('bpmn:'))
  ) {
    problems.push('template: appliesTo must list bpmn: types')
  }
  if (template.version !== undefined && !Number.isInteger(template.version))
    problems.push('template: version must be an integer')
  const elementType = template.elementType as Json | undefined
  if (
    elementType !== undefined &&
    (typeof elementType.value !== 'string' || !elementType.value.startsWith('bpmn:'))
  )
    problems.push('template: elementType.value must be a bpmn: type')
  const category = template.category as Json | undefined
  if (
    category !== undefined &&
    (typeof category.id !== 'string' || typeof category.name !== 'string')
  )
    problems.push('template: category needs id and name')
  const groups = (template.groups ?? []) as Json[]
  const groupIds = new Set<string>()
  for (const group of groups) {
    if (typeof group.id !== 'string' || typeof group.label !== 'string')
      problems.push('groups: id and label required')
    if (groupIds.has(group.id as string)) problems.push(`groups: ${String(group.id)} twice`)
    groupIds.add(group.id as string)
  }
  if (!Array.isArray(template.properties)) return [...problems, 'template: properties missing']
  const properties = template.properties as Json[]
  const ids = new Set(properties.map((property) => property.id).filter((id) => id !== undefined))
  let taskTypes = 0
  const inputs: { name: string; condition?: Json }[] = []
  properties.forEach((property, index) => {
    const where = `properties[${index}]${property.id ? ` (${String(property.id)})` : ''}`
    const binding = property.binding as Json | undefined
    if (!binding || typeof binding.type !== 'string')
      return problems.push(`${where}: binding.type missing`)
    if (!BINDING_TYPES.includes(binding.type))
      problems.push(`${where}: unknown binding type ${binding.type}`)
    const type = property.type as string
    if (!PROPERTY_TYPES.includes(type)) problems.push(`${where}: type ${type} not allowed`)
    if (
      binding.type === 'zeebe:input' ||
      binding.type === 'zeebe:property' ||
      binding.type === 'property'
    ) {
      if (typeof binding.name !== 'string' || binding.name === '')
        problems.push(`${where}: binding.name missing`)
      else if (binding.type === 'zeebe:input')
        inputs.push({ name: binding.name, condition: property.condition as Json | undefined })
    }
    if (
      binding.type === 'zeebe:taskHeader' &&
      (typeof binding.key !== 'string' || binding.key === '')
    )
      problems.push(`${where}: binding.key missing`)
    if (binding.type === 'zeebe:taskDefinition') {
      if (binding.property !== 'type' && binding.property !== 'retries')
        problems.push(`${where}: taskDefinition property must be type or retries`)
      if (binding.property === 'type') taskTypes++
    }
    if (property.optional === true) {
      if (!OPTIONAL_BINDINGS.includes(binding.type))
        problems.push(`${where}: optional not allowed with ${binding.type}`)
      if ((property.constraints as Json | undefined)?.notEmpty === true)
        problems.push(`${where}: optional with notEmpty`)
    }
    if (property.feel !== undefined) {
      if (!['String', 'Text', 'Number', 'Boolean'].includes(type))
        problems.push(`${where}: feel on ${type}`)
      if (
        (type === 'String' || type === 'Text') &&
        !['optional', 'required'].includes(property.feel as string)
      )
        problems.push(`${where}: feel ${String(property.feel)} on ${type}`)
      if (
        property.feel === 'required' &&
        property.value !== undefined &&
        !(typeof property.value === 'string' && property.value.startsWith('='))
      ) {
        problems.push(`${where}: feel required with a value not starting with =`)
      }
    }
    if (type === 'Hidden' && property.value === undefined)
      problems.push(`${where}: Hidden without value`)
    if (type === 'Dropdown') {
      const choices = property.choices as Json[] | undefined
      if (
        !Array.isArray(choices) ||
        choices.length === 0 ||
        !choices.every(
          (choice) => typeof choice.name === 'string' && typeof choice.value === 'string'
        )
      ) {
        problems.push(`${where}: Dropdown needs choices with name and value`)
      } else if (
        property.value !== undefined &&
        !choices.some((choice) => choice.value === property.value)
      ) {
        problems.push(`${where}: Dropdown value not among choices`)
      }
    }
    if (type === 'Number' && property.value !== undefined && typeof property.value !== 'number')
      problems.push(`${where}: Number value not a number`)
    if (type === 'Boolean' && property.value !== undefined && typeof property.value !== 'boolean')
      problems.push(`${where}: Boolean value not a boolean`)
    if (property.group !== undefined && !groupIds.has(property.group as string))
      problems.push(`${where}: unknown group ${String(property.group)}`)
    const condition = property.condition as Json | undefined
    if (condition && !ids.has(condition.property as string))
      problems.push(`${where}: condition on unknown property ${String(condition.property)}`)
  })
  if (taskTypes !== 1)
    problems.push(`template: expected one zeebe:taskDefinition type binding, found ${taskTypes}`)
  // The same input may be bound twice only under mutually exclusive conditions on the same property.
  for (let first = 0; first < inputs.length; first++) {
    for (let second = first + 1; second < inputs.length; second++) {
      if (inputs[first].name !== inputs[second].name) continue
      const a = inputs[first].condition
      const b = inputs[second].condition
      const exclusive =
        a &&
        b &&
        a.property === b.property &&
        a.equals !== undefined &&
        b.equals !== undefined &&
        a.equals !== b.equals
      if (!exclusive)
        problems.push(`zeebe:input ${inputs[first].name} bound twice without exclusive conditions`)
    }
  }
  return problems
}
