/**
 * Exact decimal arithmetic for number fields. form-js compares `min` and
 * `max`, counts decimal digits and checks `increment` with big.js, so
 * `0.3` is a multiple of `0.1` and `1.005` has three decimals. These
 * functions give the same answers with bigint, without a dependency.
 */

/** A decimal number: `units / 10^scale`, with no trailing zero in `units` unless scale is 0. */
export interface Decimal {
  readonly units: bigint
  readonly scale: number
}

const DECIMAL_PATTERN = /^(-)?(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?$/i

/**
 * Read a number or numeric text the way big.js does (no spaces, no `+`,
 * optional exponent); null when it is not a number.
 */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return null
    }
    text = String(value)
  } else if (typeof value === 'string') {
    text = value
  } else {
    return null
  }
  const match = DECIMAL_PATTERN.exec(text)
  if (!match) {
    return null
  }
  const [, minus, mantissa, exponentText] = match
  const [integerPart, fractionPart = ''] = mantissa.split('.')
  let scale = fractionPart.length - Number(exponentText ?? 0)
  let units = BigInt(`${integerPart || '0'}${fractionPart}`)
  if (scale < 0) {
    units *= 10n ** BigInt(-scale)
    scale = 0
  }
  return normalize({ units: minus ? -units : units, scale })
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const [left, right] = aligned(a, b)
  return left < right ? -1 : left > right ? 1 : 0
}

/** `a - b`. */
export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
  const [left, right, scale] = aligned(a, b)
  return normalize({ units: left - right, scale })
}

/** `a + b`. */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const [left, right, scale] = aligned(a, b)
  return normalize({ units: left + right, scale })
}

/** The remainder of `a / b`, with the sign of `a` (as big.js `mod`); `b` must not be zero. */
export function remainderDecimal(a: Decimal, b: Decimal): Decimal {
  const [left, right, scale] = aligned(a, b)
  return normalize({ units: left % right, scale })
}

/** How many digits stand after the decimal point once trailing zeros are dropped. */
export function countDecimals(value: Decimal): number {
  return value.scale
}

/** The decimal as plain text (`-0.25`, `10`). */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0')
  const integerPart = digits.slice(0, digits.length - value.scale)
  const fractionPart = digits.slice(digits.length - value.scale)
  return `${negative ? '-' : ''}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale)
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale]
}

function normalize(value: Decimal): Decimal {
  let { units, scale } = value
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n
    scale--
  }
  return { units, scale }
}
