import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { OutboundRequestRefusedError } from '../errors.js'

/**
 * Outbound safety for connectors that call URLs: a request may not reach a
 * private, loopback, link-local or otherwise internal address (the server's
 * own admin ports, the cloud metadata service, the ministry's intranet)
 * unless an administrator allow-listed the host. Hostnames are resolved
 * first and every address they resolve to is checked; the connection is then
 * pinned to the checked address so that DNS cannot change between the check
 * and the connection (DNS rebinding).
 */

/** Environment variable with comma-separated allow-listed hosts (`host` or `host:port`). */
export const ALLOWED_HOSTS_ENVIRONMENT_VARIABLE = 'CONNECTORS_ALLOWED_HOSTS'

/** A resolved address, as `dns.lookup` returns it. */
export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Resolves a hostname to all its addresses (injectable for tests). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>

/** The default resolver: the operating system's, as `http.request` would use. */
export const systemResolver: HostResolver = async (hostname) => {
  const addresses = await dnsLookup(hostname, { all: true, verbatim: true })
  return addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }))
}

/** IPv4 ranges that are not public: [first octets as a number, prefix length, name]. */
const BLOCKED_IPV4: [string, number, string][] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
]

/** IPv6 ranges that are not public (those embedding IPv4 are handled separately). */
const BLOCKED_IPV6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard'],
  ['2001::', 32, 'Teredo'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
]

/** Why an address is not public, or undefined when it is. */
export function classifyAddress(address: string): string | undefined {
  const unzoned = address.replace(/%.*$/, '').replace(/^\[|\]$/g, '')
  const version = isIP(unzoned)
  if (version === 4) return classifyIpv4(parseIpv4(unzoned))
  if (version === 6) return classifyIpv6(parseIpv6(unzoned))
  return 'not an IP address'
}

function classifyIpv4(bytes: number[]): string | undefined {
  const value = ipv4ToNumber(bytes)
  if (value === 0xffffffff) return 'broadcast'
  for (const [network, prefix, name] of BLOCKED_IPV4) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
    if ((value & mask) >>> 0 === (ipv4ToNumber(parseIpv4(network)) & mask) >>> 0) return name
  }
  return undefined
}

function classifyIpv6(bytes: number[]): string | undefined {
  const embedded = embeddedIpv4(bytes)
  if (embedded) {
    const reason = classifyIpv4(embedded.ipv4)
    return reason ? `${reason} (${embedded.kind})` : undefined
  }
  for (const [network, prefix, name] of BLOCKED_IPV6) {
    if (matchesPrefix(bytes, parseIpv6(network), prefix)) return name
  }
  return undefined
}

/** The IPv4 address carried by an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
function embeddedIpv4(bytes: number[]): { ipv4: number[]; kind: string } | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0)
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff)
    return { ipv4: bytes.slice(12), kind: 'IPv4-mapped' }
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && bytes[15] === 1)) {
    return { ipv4: bytes.slice(12), kind: 'IPv4-compatible' }
  }
  if (matchesPrefix(bytes, parseIpv6('64:ff9b::'), 96))
    return { ipv4: bytes.slice(12), kind: 'NAT64' }
  if (matchesPrefix(bytes, parseIpv6('64:ff9b:1::'), 48))
    return { ipv4: bytes.slice(12), kind: 'NAT64' }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { ipv4: bytes.slice(2, 6), kind: '6to4' }
  return undefined
}

function matchesPrefix(bytes: number[], network: number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit++) {
    const index = bit >> 3
    const mask = 0x80 >> (bit & 7)
    if ((bytes[index] & mask) !== (network[index] & mask)) return false
  }
  return true
}

function parseIpv4(text: string): number[] {
  return text.split('.').map((part) => Number.parseInt(part, 10))
}

function ipv4ToNumber(bytes: number[]): number {
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0
}

/** The 16 bytes of an IPv6 address (`::` and a trailing dotted IPv4 allowed). */
export function parseIpv6(text: string): number[] {
  let head = text
  const tailBytes: number[] = []
  const lastColon = head.lastIndexOf(':')
  if (head.slice(lastColon + 1).includes('.')) {
    tailBytes.push(...parseIpv4(head.slice(lastColon + 1)))
    head = `${head.slice(0, lastColon + 1)}0:0`
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined]
  const groups = (part: string | undefined) =>
    part ? part.split(':').filter((group) => group !== '') : []
  const leftGroups = groups(left)
  const rightGroups = groups(right)
  const missing = 8 - leftGroups.length - rightGroups.length
  const all =
    right === undefined ? leftGroups : [...leftGroups, ...Array(missing).fill('0'), ...rightGroups]
  const bytes: number[] = []
  for (const group of all) {
    const value = Number.parseInt(group, 16)
    bytes.push((value >> 8) & 0xff, value & 0xff)
  }
  if (tailBytes.length === 4) bytes.splice(12, 4, ...tailBytes)
  return bytes
}

/** One allow-list entry: a host (or `*.domain`), with an optional port. */
interface AllowedHost {
  host: string
  port?: string
}

/** Parses allow-list entries: `host`, `host:port`, `[v6]:port`, `*.domain`; blanks ignored. */
export function parseAllowedHosts(entries: readonly string[]): AllowedHost[] {
  const parsed: AllowedHost[] = []
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase()
    if (entry === '') continue
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
    if (bracketed) {
      parsed.push({ host: bracketed[1], port: bracketed[2] })
      continue
    }
    const colons = entry.split(':').length - 1
    if (colons === 1) {
      const [host, port] = entry.split(':')
      parsed.push({ host, port })
    } else {
      parsed.push({ host: entry })
    }
  }
  return parsed
}

/** The checked target of a request: where to connect. */
export interface OutboundTarget {
  hostname: string
  address: ResolvedAddress
  /** Whether the host is on the allow-list (its addresses were not checked). */
  allowListed: boolean
}

/**
 * Decides whether a URL may be called and where to connect. Allow-listed
 * hosts may resolve to any address; every other host must resolve only to
 * public addresses.
 */
export class OutboundGuard {
  readonly #allowed: AllowedHost[]
  readonly #resolve: HostResolver

  constructor(
    options: {
      allowedHosts?: readonly string[]
      environment?: NodeJS.ProcessEnv
      resolver?: HostResolver
    } = {}
  ) {
    const fromEnvironment = (options.environment?.[ALLOWED_HOSTS_ENVIRONMENT_VARIABLE] ?? '').split(
      ','
    )
    this.#allowed = parseAllowedHosts([...(options.allowedHosts ?? []), ...fromEnvironment])
    this.#resolve = options.resolver ?? systemResolver
  }

  /** Whether `host:port` is on the allow-list. */
  isAllowListed(hostname: string, port: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
    return this.#allowed.some((entry) => {
      if (entry.port !== undefined && entry.port !== port) return false
      if (entry.host.startsWith('*.')) return host.endsWith(entry.host.slice(1))
      return entry.host === host
    })
  }

  /**
   * Checks a URL and resolves its host.
   *
   * @throws OutboundRequestRefusedError for a scheme other than http(s), a
   *   host that resolves to a non-public address without being allow-listed,
   *   or a host that does not resolve.
   */
  async check(url: URL): Promise<OutboundTarget> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OutboundRequestRefusedError(
        `Expected an http or https URL, but got ${url.protocol}`
      )
    }
    if (url.username || url.password) {
      throw new OutboundRequestRefusedError(
        'Expected a URL without credentials, but the URL carries a user name or password'
      )
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, '')
    const port = url.port || (url.protocol === 'https:' ? '443' : '80')
    const allowListed = this.isAllowListed(hostname, port)
    const literal = isIP(hostname)
    let addresses: ResolvedAddress[]
    if (literal) {
      addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }]
    } else {
      try {
        addresses = await this.#resolve(hostname)
      } catch {
        throw new OutboundRequestRefusedError(
          `Expected host ${hostname} to resolve, but DNS has no address for it`
        )
      }
      if (addresses.length === 0) {
        throw new OutboundRequestRefusedError(
          `Expected host ${hostname} to resolve, but DNS has no address for it`
        )
      }
    }
    if (!allowListed) {
      for (const entry of addresses) {
        const reason = classifyAddress(entry.address)
        if (reason) {
          throw new OutboundRequestRefusedError(
            `Refused to call ${hostname}:${port}: it resolves to ${entry.address}, a ${reason} address; ` +
              `an administrator must allow-list the host to call it`
          )
        }
      }
    }
    return { hostname, address: addresses[0], allowListed }
  }
}
