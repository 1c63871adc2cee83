/**
 * Private rooms across three lab hosts (network namespaces on one bridge,
 * discovery by mDNS), with real `p2pchat --headless` processes and a raw
 * libp2p peer subscribed to the room's topic:
 * alice creates 🔒secret and invites bob (accepts) and carol (declines);
 * alice and bob talk; carol and the raw peer get only bytes they cannot
 * decrypt and nothing shows on their output; alice kicks bob, and bob cannot
 * read what alice sends afterwards.
 */
import { describe, expect, it } from 'vitest'
import { privateRoomTopic } from '../../src/protocol/protocol-ids.js'
import { useCleanup } from '../helpers/cleanup.js'
import { cliAvailable, type HeadlessClient } from '../harness/headless-client.js'
import {
  answer, containsPlaintext, createRoom, errorCode, inviteFor, joinedRoom, member, mentions, messageIn, RawPeer, sealedEpoch, startNode, tryOpen, WAIT_MS
} from '../integration/private-rooms/harness.js'
import { createLab, labAvailable, type LabHost } from '../harness/lab/lab.js'

const lab = labAvailable()
const cli = cliAvailable()
if (!lab.ok) console.warn(`[lab] private-room tests skipped: ${lab.reason}`)

const TEXTS = ['hello bob, only you can read this', 'hi alice, same here', 'bob is gone now']

describe.skipIf(!lab.ok || !cli.ok)('private rooms across lab hosts', () => {
  const cleanup = useCleanup()
  const wait = { timeoutMs: WAIT_MS }

  it('only members read a private room: invitee who declines, raw subscriber and kicked member see ciphertext at most', async () => {
    const l = cleanup.lab(await createLab({ hosts: 3, name: 'private' }))
    const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost]
    const alice = startNode(cleanup, 'alice', [], { netns: h1.netns })
    const bob = startNode(cleanup, 'bob', [], { netns: h2.netns })
    const carol = startNode(cleanup, 'carol', [], { netns: h3.netns })
    const [aliceReady, bobReady, carolReady] = await Promise.all([alice.ready(), bob.ready(), carol.ready()])
    const online = (client: HeadlessClient, peerId: string): Promise<unknown> =>
      client.waitFor(e => e.type === 'peer' && e.peerId === peerId && e.status === 'online', wait)
    await Promise.all([online(alice, bobReady.peerId), online(alice, carolReady.peerId), online(bob, aliceReady.peerId), online(carol, aliceReady.peerId)])

    // The raw peer lives on carol's host and knows only alice.
    const aliceAddr = aliceReady.addrs.find(a => a.includes(`/ip4/${h1.ip}/`)) as string
    const raw = await RawPeer.start(cleanup, ['--listen', `/ip4/${h3.ip}/tcp/0`, '--peer', aliceAddr.includes('/p2p/') ? aliceAddr : `${aliceAddr}/p2p/${aliceReady.peerId}`], { netns: h3.netns })

    const roomId = await createRoom(alice, 'secret')
    const topic = privateRoomTopic(roomId)
    await raw.subscribe(topic)

    alice.send(`/invite ${bobReady.peerId}`)
    alice.send(`/invite ${carolReady.peerId}`)
    for (const invitee of [bob, carol]) {
      const invite = await invitee.waitFor(inviteFor(roomId), wait)
      expect(invite).toMatchObject({ room: 'secret', from: aliceReady.peerId, nick: 'alice', members: [{ peerId: aliceReady.peerId, nick: 'alice', owner: true }] })
    }
    bob.send('/accept secret')
    carol.send('/decline secret')
    await alice.waitFor(answer(roomId, bobReady.peerId, 'accepted'), wait)
    await alice.waitFor(answer(roomId, carolReady.peerId, 'declined'), wait)
    await bob.waitFor(joinedRoom(roomId), wait)
    await alice.waitFor(member(roomId, bobReady.peerId, 'joined'), wait)

    alice.send(TEXTS[0] as string)
    const got = await bob.waitFor(messageIn(roomId, TEXTS[0] as string), wait)
    expect(got).toMatchObject({ from: aliceReady.peerId, nick: 'alice', room: 'secret' })
    bob.send(TEXTS[1] as string)
    await alice.waitFor(messageIn(roomId, TEXTS[1] as string), wait)

    // The raw subscriber received both, as sealed payloads of epoch 2 (bob's reached it through alice).
    await raw.client.waitFor(() => raw.gossip(topic).filter(g => sealedEpoch(g.data) === 2).length >= 2, { ...wait, description: 'two sealed messages of epoch 2' })

    // Kick: bob is told he is out; what alice writes next is under a key bob never gets.
    alice.send(`/kick ${bobReady.peerId}`)
    await bob.waitFor(member(roomId, bobReady.peerId, 'removed'), wait)
    await alice.waitFor(member(roomId, bobReady.peerId, 'removed'), wait)
    alice.send(TEXTS[2] as string)
    await raw.waitGossip(topic, g => sealedEpoch(g.data) === 3, 'the epoch 3 message')
    bob.send('/who secret')
    await bob.waitFor(errorCode('PRIVATE_ROOM'), wait)

    // Ciphertext only: no plaintext in the bytes, and a guessed key opens nothing. Carol, who declined,
    // never subscribed: she received the invitation and nothing else.
    const sealed = raw.gossip(topic)
    expect(sealed.map(g => sealedEpoch(g.data))).toEqual(expect.arrayContaining([2, 2, 3]))
    for (const g of sealed) {
      expect(tryOpen(g.data, new Map([[2, new Uint8Array(32)], [3, new Uint8Array(32)]]))).toBeUndefined()
      for (const text of TEXTS) expect(containsPlaintext(g.data, text)).toBe(false)
    }
    for (const text of TEXTS) {
      expect(mentions(carol, text)).toBe(false)
      expect(mentions(raw.client, text)).toBe(false)
    }
    expect(mentions(bob, TEXTS[2] as string)).toBe(false)
    expect(carol.events.filter(e => e.type === 'message' || e.type === 'joined')).toEqual([])
    for (const client of [alice, bob, carol]) client.assertNoViolations()
  })
})
