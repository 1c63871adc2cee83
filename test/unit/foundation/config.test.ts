import { describe, expect, it } from 'vitest'
import { resolveConfig, DEFAULT_LISTEN, type Environment } from '../../../src/config.js'

const env = (vars: Record<string, string> = {}, username = 'dana'): Environment => ({ vars, homedir: '/home/dana', username })

describe('resolveConfig: defaults → environment → flags', () => {
  it('defaults to the XDG data dir, all interfaces, mDNS on, history on', () => {
    const c = resolveConfig({}, env())
    expect(c.home).toBe('/home/dana/.local/share/p2pchat')
    expect(c.identityPath).toBe('/home/dana/.local/share/p2pchat/identity.key')
    expect(c.databasePath).toBe('/home/dana/.local/share/p2pchat/p2pchat.db')
    expect(c.listen).toEqual(DEFAULT_LISTEN)
    expect(c.mdns).toBe(true)
    expect(c.history).toBe(true)
    expect(c.nick).toBeUndefined()
    expect(c.defaultNick).toBe('dana')
  })

  it('honours XDG_DATA_HOME, then P2PCHAT_HOME, then --home', () => {
    expect(resolveConfig({}, env({ XDG_DATA_HOME: '/xdg' })).home).toBe('/xdg/p2pchat')
    expect(resolveConfig({}, env({ XDG_DATA_HOME: '/xdg', P2PCHAT_HOME: '/p' })).home).toBe('/p')
    expect(resolveConfig({ home: '/flag' }, env({ P2PCHAT_HOME: '/p' })).home).toBe('/flag')
  })

  it('turns --port into listen addresses and refuses a bad one', () => {
    expect(resolveConfig({ port: 4001 }, env()).listen).toEqual(['/ip4/0.0.0.0/tcp/4001', '/ip6/::/tcp/4001'])
    expect(() => resolveConfig({ port: 70000 }, env())).toThrow(expect.objectContaining({ code: 'USAGE' }))
    expect(resolveConfig({ port: 4001, listen: ['/ip4/127.0.0.1/tcp/5'] }, env()).listen).toEqual(['/ip4/127.0.0.1/tcp/5'])
  })

  it('validates nicknames from flags and environment', () => {
    expect(resolveConfig({ nick: 'zoë' }, env()).nick).toBe('zoë')
    expect(resolveConfig({}, env({ P2PCHAT_NICK: 'envnick' })).nick).toBe('envnick')
    expect(() => resolveConfig({ nick: 'two words' }, env())).toThrow(expect.objectContaining({ code: 'USAGE' }))
    expect(() => resolveConfig({ nick: 'x'.repeat(33) }, env())).toThrow(expect.objectContaining({ code: 'USAGE' }))
  })

  it('derives a valid default nickname from an odd user name', () => {
    expect(resolveConfig({}, env({}, 'first last')).defaultNick).toBe('firstlast')
    expect(resolveConfig({}, env({}, '   ')).defaultNick).toBe('anon')
  })

  it('normalizes and deduplicates --join rooms, refusing bad names', () => {
    expect(resolveConfig({ join: ['#General', 'general', 'dev'] }, env()).joinRooms).toEqual(['general', 'dev'])
    expect(() => resolveConfig({ join: ['bad room'] }, env())).toThrow(expect.objectContaining({ code: 'USAGE' }))
  })

  it('reads NO_COLOR and P2PCHAT_MDNS', () => {
    expect(resolveConfig({}, env({ NO_COLOR: '1' })).color).toBe(false)
    expect(resolveConfig({}, env({ P2PCHAT_MDNS: '0' })).mdns).toBe(false)
    expect(resolveConfig({ mdns: false }, env({ P2PCHAT_MDNS: '1' })).mdns).toBe(false)
  })

  it('relays for peers behind a NAT unless --no-relay or P2PCHAT_RELAY=0 says not to', () => {
    expect(resolveConfig({}, env()).relay).toBe(true)
    expect(resolveConfig({}, env({ P2PCHAT_RELAY: '0' })).relay).toBe(false)
    expect(resolveConfig({ relay: false }, env({ P2PCHAT_RELAY: '1' })).relay).toBe(false)
  })

  it('reads --auto-accept-files as a size or off, absent when not given, and refuses anything else', () => {
    expect(resolveConfig({}, env()).autoAcceptFiles).toBeUndefined()
    expect(resolveConfig({ autoAcceptFiles: '20M' }, env()).autoAcceptFiles).toBe(20 * 1024 * 1024)
    expect(resolveConfig({ autoAcceptFiles: '512KiB' }, env()).autoAcceptFiles).toBe(512 * 1024)
    expect(resolveConfig({ autoAcceptFiles: 'off' }, env()).autoAcceptFiles).toBe(0)
    expect(resolveConfig({ autoAcceptFiles: '0' }, env()).autoAcceptFiles).toBe(0)
    for (const bad of ['ten', '-1', '1.5M', '20T']) expect(() => resolveConfig({ autoAcceptFiles: bad }, env())).toThrow(expect.objectContaining({ code: 'USAGE' }))
  })
})
