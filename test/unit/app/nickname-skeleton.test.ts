import { describe, expect, it } from 'vitest'
import { foldNickname, nicknameSkeleton } from '../../../src/domain/nickname-skeleton.js'
import { lookalikesOf } from '../../../src/app/core/peer-resolver.js'

describe('nickname skeletons (issue 13 #11)', () => {
  it('folds case, NFKC forms and invisible or blank characters into the same name', () => {
    for (const n of ['Alice', 'ALICE', 'ａｌｉｃｅ', 'alice\u2800', '\u200Balice', 'ali\u200Dce', 'alice\u3164', 'alice\uFEFF']) {
      expect(foldNickname(n), JSON.stringify(n)).toBe('alice')
    }
  })

  it('maps common Cyrillic and Greek look-alikes and 0/1 to the Latin letter they imitate', () => {
    for (const n of ['\u0430lice', 'АLICE', 'alic\u0435', '\u03b1lice', 'a1ice', 'alicé']) {
      expect(nicknameSkeleton(n), JSON.stringify(n)).toBe(nicknameSkeleton('alice'))
    }
    for (const n of ['b\u043eb', 'b\u03bfb', 'b0b', 'ВОВ']) expect(nicknameSkeleton(n), JSON.stringify(n)).toBe(nicknameSkeleton('bob'))
    expect(nicknameSkeleton('alice')).not.toBe(nicknameSkeleton('alina'))
    expect(nicknameSkeleton('bob')).not.toBe(nicknameSkeleton('rob'))
  })

  it('lists the other peers whose nickname looks the same, never the peer itself', () => {
    const peers = [
      { peerId: 'A', nick: 'alice', online: false },
      { peerId: 'B', nick: '\u0430lice', online: true },
      { peerId: 'C', nick: 'carol', online: true },
      { peerId: 'D', nick: '', online: true }
    ]
    expect(lookalikesOf('B', '\u0430lice', peers).map(p => p.peerId)).toEqual(['A'])
    expect(lookalikesOf('C', 'carol', peers)).toEqual([])
  })
})
