import { test } from '@japa/runner'
import { OutboundRequestRefusedError } from '../../src/errors.js'
import {
  OutboundGuard,
  classifyAddress,
  parseAllowedHosts,
  type HostResolver,
} from '../../src/http/outbound_guard.js'

/** A resolver answering from a table, as DNS would for these names. */
function resolverOf(table: Record<string, string[]>): HostResolver {
  return async (hostname) => {
    const addresses = table[hostname]
    if (!addresses) throw new Error('ENOTFOUND')
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
}

test.group('classifyAddress', () => {
  test('it should classify {0} as {1}')
    .with([
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.10', 'private'],
      ['169.254.169.254', 'link-local'],
      ['100.64.0.1', 'carrier-grade NAT'],
      ['0.0.0.0', 'this network'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['fd00::1', 'unique local (private)'],
      ['fc12:3456::1', 'unique local (private)'],
      ['ff02::1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback (IPv4-mapped)'],
      ['::ffff:7f00:1', 'loopback (IPv4-mapped)'],
      ['::ffff:10.0.0.1', 'private (IPv4-mapped)'],
      ['::127.0.0.1', 'loopback (IPv4-compatible)'],
      ['64:ff9b::a9fe:a9fe', 'link-local (NAT64)'],
      ['2002:c0a8:0101::1', 'private (6to4)'],
      ['2001:db8::1', 'documentation'],
    ])
    .run(({ assert }, [address, reason]) => {
      assert.equal(classifyAddress(address), reason)
    })

  test('it should accept the public address {0}')
    .with([
      '8.8.8.8',
      '203.113.131.1',
      '172.32.0.1',
      '2001:4860:4860::8888',
      '::ffff:8.8.8.8',
      '2002:0808:0808::1',
    ])
    .run(({ assert }, address) => {
      assert.isUndefined(classifyAddress(address))
    })
})

test.group('OutboundGuard', () => {
  test('it should refuse a hostname that resolves to a private address', async ({ assert }) => {
    // given
    const guard = new OutboundGuard({
      resolver: resolverOf({ 'treaties.mofa.example': ['203.0.113.5', '10.1.2.3'] }),
    })

    // when
    const error = await guard
      .check(new URL('https://treaties.mofa.example/api'))
      .catch((thrown: unknown) => thrown)

    // then
    assert.instanceOf(error, OutboundRequestRefusedError)
    assert.match((error as Error).message, /treaties\.mofa\.example:443.*documentation|10\.1\.2\.3/)
  })

  test('it should pin the connection to the checked address of a public host', async ({
    assert,
  }) => {
    const guard = new OutboundGuard({ resolver: resolverOf({ 'api.gov.example': ['8.8.4.4'] }) })
    const target = await guard.check(new URL('https://api.gov.example/v1'))
    assert.deepEqual(target, {
      hostname: 'api.gov.example',
      address: { address: '8.8.4.4', family: 4 },
      allowListed: false,
    })
  })

  test('it should let allow-listed hosts through, by host, host:port or domain suffix', async ({
    assert,
  }) => {
    // given
    const guard = new OutboundGuard({
      allowedHosts: ['intranet.mofa.example', '127.0.0.1:8443'],
      environment: { CONNECTORS_ALLOWED_HOSTS: '*.lan.example, [::1]:9000' },
      resolver: resolverOf({
        'intranet.mofa.example': ['10.0.0.5'],
        'db.lan.example': ['192.168.0.2'],
      }),
    })

    // when / then
    assert.isTrue((await guard.check(new URL('http://intranet.mofa.example/x'))).allowListed)
    assert.isTrue((await guard.check(new URL('https://127.0.0.1:8443/'))).allowListed)
    assert.isTrue((await guard.check(new URL('http://db.lan.example/'))).allowListed)
    assert.isTrue((await guard.check(new URL('http://[::1]:9000/'))).allowListed)
    await assert.rejects(() => guard.check(new URL('https://127.0.0.1:8444/')), /loopback/)
  })

  test('it should refuse IPv4-mapped IPv6 literals that hide a loopback address', async ({
    assert,
  }) => {
    const guard = new OutboundGuard({ allowedHosts: ['127.0.0.1'] })
    await assert.rejects(() => guard.check(new URL('http://[::ffff:127.0.0.1]/')), /IPv4-mapped/)
  })

  test('it should refuse other schemes and URLs with credentials', async ({ assert }) => {
    const guard = new OutboundGuard()
    await assert.rejects(() => guard.check(new URL('file:///etc/passwd')), /http or https/)
    await assert.rejects(() => guard.check(new URL('http://user:pw@8.8.8.8/')), /credentials/)
  })

  test('it should parse allow-list entries', ({ assert }) => {
    assert.deepEqual(
      parseAllowedHosts(['Host.Example', 'a.example:8080', '[::1]:9000', '::1', ' ', '*.gov.vn']),
      [
        { host: 'host.example' },
        { host: 'a.example', port: '8080' },
        { host: '::1', port: '9000' },
        { host: '::1' },
        { host: '*.gov.vn' },
      ]
    )
  })
})
