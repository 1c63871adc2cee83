import { describe, expect, it } from 'vitest'
import { type DiagFacts, diagVerdict, DISCOVERY_GRACE_MS, nobodyFoundNotice } from '../../../src/domain/diag.js'
import { diagText } from '../../../src/ui/diag-text.js'

const LAN = { name: 'eth0', addresses: [{ address: '192.168.1.20', family: 'IPv4' as const, internal: false }] }
const LO = { name: 'lo', addresses: [{ address: '127.0.0.1', family: 'IPv4' as const, internal: true }] }

const facts = (over: Partial<DiagFacts> = {}): DiagFacts => ({
  uptimeMs: 30_000,
  interfaces: [LO, LAN],
  listening: ['/ip4/192.168.1.20/tcp/4001'],
  mdns: { enabled: true, queriesSent: 4, queriesHeard: 0, answers: 0, answeredBy: [] },
  connected: 0,
  unconnected: [],
  blocked: [],
  ...over
})

describe('/diag verdict', () => {
  it('silence after the grace period: multicast may be blocked; ask for an address and /connect', () => {
    const v = diagVerdict(facts())
    expect(v.status).toBe('problem')
    expect(v.summary).toBe('no mDNS answers in 30 s: multicast may be blocked on this network')
    expect(v.next).toMatch(/\/id.*\/connect/)
  })

  it('still looking during the grace period', () => {
    const v = diagVerdict(facts({ uptimeMs: 3_000 }))
    expect(v.status).toBe('waiting')
    expect(v.next).toContain(`${(DISCOVERY_GRACE_MS - 3_000) / 1000} s`)
  })

  it('queries heard but never answered: multicast works, nobody runs p2pchat (or answers are filtered)', () => {
    const v = diagVerdict(facts({ mdns: { enabled: true, queriesSent: 4, queriesHeard: 7, answers: 0, answeredBy: [] } }))
    expect(v.status).toBe('problem')
    expect(v.summary).toContain('7 queries heard')
  })

  it('connected is ok, whatever mDNS says', () => {
    expect(diagVerdict(facts({ connected: 2 })).status).toBe('ok')
    expect(diagVerdict(facts({ connected: 1, mdns: { enabled: false, queriesSent: 0, queriesHeard: 0, answers: 0, answeredBy: [] } })).status).toBe('ok')
  })

  it('found but not connected: names the peer and its last dial error, points at the firewall', () => {
    const v = diagVerdict(facts({ unconnected: [{ peerId: 'p', nick: 'bob', addrs: [], lastError: 'connect ECONNREFUSED' }] }))
    expect(v.status).toBe('problem')
    expect(v.summary).toContain('bob: connect ECONNREFUSED')
    expect(v.next).toMatch(/firewall/)
  })

  it('mDNS off: use /connect', () => {
    const v = diagVerdict(facts({ mdns: { enabled: false, queriesSent: 0, queriesHeard: 0, answers: 0, answeredBy: [] } }))
    expect(v.summary).toMatch(/mDNS is off/)
    expect(v.next).toMatch(/\/connect/)
  })

  it('loopback only: no network, or listening where nobody can reach', () => {
    expect(diagVerdict(facts({ interfaces: [LO] })).summary).toMatch(/no network address/)
    expect(diagVerdict(facts({ listening: ['/ip4/127.0.0.1/tcp/4001'] })).summary).toMatch(/loopback only/)
  })

  it('the notice after start is given only when nobody was found', () => {
    expect(nobodyFoundNotice(facts({ connected: 1 }))).toBeUndefined()
    expect(nobodyFoundNotice(facts({ uptimeMs: 10_000 }))).toMatch(/^no peer found 10 s after start\. no mDNS answers in 10 s: multicast may be blocked.*\/connect/)
  })

  it('the report text lists what was seen', () => {
    const text = diagText({
      ...facts({ mdns: { enabled: true, queriesSent: 3, queriesHeard: 1, answers: 2, answeredBy: [{ peerId: '12D3KooWBobBobBob', answers: 2, lastAt: 0, addrs: ['/ip4/10.0.0.2/tcp/1'] }] }, blocked: [{ peerId: 'x', nick: 'mallory' }] }),
      verdict: { status: 'ok', summary: 's', next: '' }
    })
    expect(text).toContain('mDNS: 3 queries sent, 1 heard from other hosts, 2 answers in 30 s')
    expect(text.some(l => l.includes('answered by') && l.includes('/ip4/10.0.0.2/tcp/1'))).toBe(true)
    expect(text).toContain('blocked peers: mallory')
  })
})
