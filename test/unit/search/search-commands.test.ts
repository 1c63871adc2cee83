import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { searchCommands, type SearchDeps } from '../../../src/app/search/search-commands.js'
import { Conversations } from '../../../src/app/core/conversations.js'
import { EventBus } from '../../../src/app/core/event-bus.js'
import type { ParsedCommand } from '../../../src/commands/command-spec.js'
import type { AppEvent } from '../../../src/domain/events.js'
import type { ChatMessage } from '../../../src/domain/message.js'
import { P2PChatError } from '../../../src/errors.js'
import { MEMORY_PATH } from '../../../src/store/sqlite-open.js'
import { SqliteStore } from '../../../src/store/sqlite-store.js'

const ME = 'peer-me'
const BOB = 'peer-bob'
const NOW = new Date(2025, 5, 15).getTime()
const DAY = 86_400_000

const msg = (id: string, conversation: ChatMessage['conversation'], author: string, nick: string, text: string, ts: number): ChatMessage =>
  ({ id, conversation, author, nick, text, kind: 'text', ts, receivedAt: ts })
const command = (rest: string): ParsedCommand => ({ name: 'search', rest, args: rest.split(/\s+/).filter(Boolean) })

describe('/search', () => {
  let store: SqliteStore
  let events: AppEvent[]
  let run: (rest: string) => void
  beforeEach(() => {
    store = SqliteStore.open(MEMORY_PATH)
    const bus = new EventBus()
    events = []
    bus.subscribe(e => events.push(e))
    const conversations = new Conversations(store, bus)
    conversations.open('room:general', 'general', { joined: true })
    conversations.open(`dm:${BOB}`, 'bob')
    conversations.open('private:den', '🔒den', { joined: true })
    const deps: SearchDeps = { store, bus, conversations, self: { peerId: ME, nick: 'me' }, now: () => NOW, peers: { known: () => [{ peerId: BOB, nick: 'bob', online: true }] } }
    store.insertMessage(msg('g1', 'room:general', BOB, 'bobby', 'deploy at noon', NOW - 10 * DAY))
    store.insertMessage(msg('g2', 'room:general', ME, 'me', 'deploy done', NOW - 2 * DAY))
    store.insertMessage(msg('d1', `dm:${BOB}`, BOB, 'bob', 'the deploy broke', NOW - DAY))
    store.insertMessage(msg('p1', 'private:den', BOB, 'bob', 'secret deploy plan', NOW - 3 * DAY))
    run = (rest) => { void searchCommands(deps).search(command(rest)) }
    events.length = 0
  })
  afterEach(() => { store.close() })

  const last = (): Extract<AppEvent, { type: 'search' }> => {
    const event = events.at(-1)
    if (event?.type !== 'search') throw new Error(`no search event: ${JSON.stringify(event)}`)
    return event
  }
  const found = (rest: string): string[] => { run(rest); return last().results.map(r => r.id) }

  it('answers with one search event, newest first, private rooms included', () => {
    run('deploy')
    expect(events).toHaveLength(1)
    expect(last()).toEqual({
      type: 'search',
      query: 'deploy',
      more: false,
      results: [
        { conversation: `dm:${BOB}`, id: 'd1', from: BOB, nick: 'bob', text: 'the deploy broke', ts: NOW - DAY },
        expect.objectContaining({ id: 'g2' }), expect.objectContaining({ id: 'p1', text: 'secret deploy plan' }), expect.objectContaining({ id: 'g1' })
      ]
    })
  })

  it('resolves in #room, in NAME (a DM peer, a private room label), from:NICK (old nicks too) and dates', () => {
    expect(found('deploy in #general')).toEqual(['g2', 'g1'])
    expect(found('deploy in bob')).toEqual(['d1'])
    expect(found('deploy in den')).toEqual(['p1'])
    expect(found('deploy from:bob')).toEqual(['d1', 'p1', 'g1'])
    expect(found('deploy from:bobby')).toEqual(['g1'])
    expect(found('deploy from:me')).toEqual(['g2'])
    expect(found('deploy after:5d before:36h')).toEqual(['g2', 'p1'])
    expect(found('deploy in #left-long-ago')).toEqual([])
  })

  it('turns a bad query or an unknown conversation into a clear error, never a SQLite one', () => {
    const failure = (rest: string): P2PChatError => {
      try { run(rest) } catch (err) { return err as P2PChatError }
      throw new Error('no error')
    }
    expect(failure('').code).toBe('BAD_ARGUMENT')
    expect(failure('x after:soon').message).toMatch(/not a date/)
    expect(failure('deploy in nowhere')).toMatchObject({ code: 'NO_CONVERSATION', message: expect.stringMatching(/quote them: "in nowhere"/) })
    for (const hostile of ['"', 'NEAR(a b', '* OR *', 'text:x', '"a" AND "b"', '^', ') (']) {
      events.length = 0
      try { run(hostile) } catch (err) { expect((err as P2PChatError).code, hostile).toBe('BAD_ARGUMENT'); continue }
      expect(last().query, hostile).toBe(hostile)
    }
  })
})
