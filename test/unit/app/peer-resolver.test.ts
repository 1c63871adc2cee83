import { describe, expect, it } from 'vitest'
import { MIN_PEER_SUFFIX, resolvePeer, type KnownPeer } from '../../../src/app/core/peer-resolver.js'
import { AmbiguousPeerError, UnknownPeerError } from '../../../src/errors.js'
import { fingerprint } from '../../../src/domain/fingerprint.js'

const ALICE = '12D3KooWAlice1111111111111111111111111111111111aaaaaa'
const BOB = '12D3KooWBob22222222222222222222222222222222222222bbbbbb'
const BOB2 = '12D3KooWBob33333333333333333333333333333333333333bbbbbb'
const CAROL = '12D3KooWCarol444444444444444444444444444444444444cccccc'

const peer = (peerId: string, nick: string, online = true, contact = false): KnownPeer => ({ peerId, nick, online, contact })

function failure (fn: () => unknown): { name: string, code: string, message: string } {
  try {
    fn()
  } catch (err) {
    const e = err as { name: string, code: string, message: string }
    return { name: e.name, code: e.code, message: e.message }
  }
  throw new Error('expected a failure')
}

describe('resolvePeer', () => {
  const peers = [peer(ALICE, 'alice'), peer(BOB, 'bob'), peer(CAROL, 'carol', false)]

  it('takes a full peer ID, even of an offline peer or one without a nickname', () => {
    expect(resolvePeer(CAROL, peers).peerId).toBe(CAROL)
    expect(resolvePeer(ALICE, [peer(ALICE, '')]).peerId).toBe(ALICE)
  })

  it('takes a unique nickname, ignoring case', () => {
    expect(resolvePeer('bob', peers).peerId).toBe(BOB)
    expect(resolvePeer('ALICE', peers).peerId).toBe(ALICE)
    expect(resolvePeer('carol', peers).peerId).toBe(CAROL)
  })

  it(`takes a unique suffix of a peer ID of at least ${MIN_PEER_SUFFIX} characters`, () => {
    expect(resolvePeer(ALICE.slice(-MIN_PEER_SUFFIX), peers).peerId).toBe(ALICE)
    expect(resolvePeer(CAROL.slice(-12), peers).peerId).toBe(CAROL)
  })

  it('refuses a suffix shorter than that, even a unique one', () => {
    const err = failure(() => resolvePeer(ALICE.slice(-(MIN_PEER_SUFFIX - 1)), peers))
    expect(err.code).toBe('UNKNOWN_PEER')
  })

  it('lets a full ID win over a nickname that looks like one, and a nickname over a suffix', () => {
    const tricky = [peer(ALICE, 'alice'), peer(BOB, ALICE)]
    expect(resolvePeer(ALICE, tricky).peerId).toBe(ALICE)
    const suffixNick = [peer(ALICE, 'aaaaaa'), peer(BOB, 'bob')]
    expect(resolvePeer('bbbbbb', [...suffixNick, peer(CAROL, 'bbbbbb')]).peerId).toBe(CAROL)
  })

  it('gives an online peer no preference: an impostor online while the real one is away makes the name ambiguous (issue 13 #11)', () => {
    const err = failure(() => resolvePeer('alice', [peer(ALICE, 'alice', false, true), peer(BOB, 'Alice', true)]))
    expect(err.code).toBe('AMBIGUOUS_PEER')
    expect(err.message).toContain(`fingerprint ${fingerprint(ALICE)}, talked to`)
    expect(err.message).toContain(`fingerprint ${fingerprint(BOB)}`)
    expect(failure(() => resolvePeer('bob', [peer(BOB, 'bob', false), peer(BOB2, 'bob', true)])).code).toBe('AMBIGUOUS_PEER')
    // two friends sharing a name: nothing to prefer either
    expect(failure(() => resolvePeer('bob', [peer(BOB, 'bob', true, true), peer(BOB2, 'BOB', false, true)])).code).toBe('AMBIGUOUS_PEER')
  })

  it('treats invisible or blank characters and NFKC forms as the same name', () => {
    for (const impostor of ['alice\u2800', '\u200Balice', 'alice\u3164', 'ａｌｉｃｅ']) {
      expect(failure(() => resolvePeer('alice', [peer(ALICE, 'alice', false, true), peer(BOB, impostor)])).code, impostor).toBe('AMBIGUOUS_PEER')
    }
  })

  it('prefers a peer we talked to only when it alone has the typed name and the others merely look alike', () => {
    const cyrillic = '\u0430lice' // Cyrillic a
    expect(resolvePeer('alice', [peer(ALICE, 'alice', false, true), peer(BOB, cyrillic, true)]).peerId).toBe(ALICE)
    // the one spelled as typed is a stranger, and a look-alike exists: our friend may be the other spelling
    expect(failure(() => resolvePeer('alice', [peer(ALICE, cyrillic, false, true), peer(BOB, 'alice', true)])).code).toBe('AMBIGUOUS_PEER')
    expect(failure(() => resolvePeer('alice', [peer(ALICE, 'alice', false), peer(BOB, 'a\u04cfice', true)])).code).toBe('AMBIGUOUS_PEER')
    // never a guess across scripts: a look-alike alone does not answer to the Latin spelling
    expect(failure(() => resolvePeer('alice', [peer(BOB, cyrillic)])).code).toBe('UNKNOWN_PEER')
  })

  it('refuses an ambiguous nickname, listing each candidate as nick (…last 8 of the peer ID)', () => {
    const err = failure(() => resolvePeer('bob', [peer(BOB, 'bob'), peer(BOB2, 'Bob'), peer(ALICE, 'alice')]))
    expect(err.name).toBe(AmbiguousPeerError.name)
    expect(err.code).toBe('AMBIGUOUS_PEER')
    expect(err.message).toContain(`bob (…${BOB.slice(-8)})`)
    expect(err.message).toContain(`Bob (…${BOB2.slice(-8)})`)
    expect(err.message).not.toContain('alice')
    // both offline: still ambiguous
    expect(failure(() => resolvePeer('bob', [peer(BOB, 'bob', false), peer(BOB2, 'bob', false)])).code).toBe('AMBIGUOUS_PEER')
  })

  it('refuses an ambiguous suffix, listing the candidates', () => {
    const err = failure(() => resolvePeer('bbbbbb', [peer(BOB, 'bob'), peer(BOB2, ''), peer(ALICE, 'alice')]))
    expect(err.code).toBe('AMBIGUOUS_PEER')
    expect(err.message).toContain(`bob (…${BOB.slice(-8)})`)
    expect(err.message).toContain(`? (…${BOB2.slice(-8)})`)
  })

  it('refuses an unknown name, listing who is online to pick from', () => {
    const err = failure(() => resolvePeer('dave', peers))
    expect(err.name).toBe(UnknownPeerError.name)
    expect(err.code).toBe('UNKNOWN_PEER')
    expect(err.message).toContain('"dave"')
    expect(err.message).toContain(`alice (…${ALICE.slice(-8)})`)
    expect(err.message).toContain(`bob (…${BOB.slice(-8)})`)
    expect(err.message).not.toContain('carol')
  })

  it('refuses anything when nobody is known, without a candidate list', () => {
    const err = failure(() => resolvePeer('bob', []))
    expect(err.code).toBe('UNKNOWN_PEER')
    expect(err.message).not.toContain('online:')
  })

  it('does not match a nickname by prefix or a peer ID by prefix', () => {
    expect(failure(() => resolvePeer('al', peers)).code).toBe('UNKNOWN_PEER')
    expect(failure(() => resolvePeer(ALICE.slice(0, 20), peers)).code).toBe('UNKNOWN_PEER')
  })
})
