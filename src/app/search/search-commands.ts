/**
 * `/search`: parses the query (pure, src/domain/search-query.ts), resolves its
 * filters against what this profile knows (conversations, peers), asks the
 * store and answers with one `search` event. Private rooms are searched in
 * the local plaintext copy the store keeps; nothing goes to the network.
 */
import { type ConversationId, parseConversation, roomConversation } from '../../domain/conversation.js'
import type { SearchResult } from '../../domain/events.js'
import { parseSearchQuery, type SearchQuery } from '../../domain/search-query.js'
import { BadArgumentError, NoConversationError, P2PChatError } from '../../errors.js'
import type { MessageSearch } from '../../store/message-store.js'
import type { CommandHandlers } from '../command-handler.js'
import type { CoreServices } from '../core/core-services.js'
import type { PeerDirectory } from '../core/peer-directory.js'

/** Results per answer: a screenful or two; `more` says when the search found others. */
export const SEARCH_RESULT_LIMIT = 50

export type SearchDeps = Pick<CoreServices, 'store' | 'bus' | 'conversations' | 'self' | 'now'> & { peers: Pick<PeerDirectory, 'known'> }

/** `in #room` names a room even after you left it (its messages stay); other names must be open conversations. */
function resolveConversation (deps: SearchDeps, name: string): ConversationId {
  const parsed = parseConversation(name)
  if (parsed !== undefined) return name as ConversationId
  try {
    return deps.conversations.resolve(name).id
  } catch (err) {
    if (name.startsWith('#') && name.length > 1) return roomConversation(name.slice(1))
    if (!(err instanceof NoConversationError)) throw err
    throw new NoConversationError(`no conversation "${name}" to search in; to search for the words, quote them: "in ${name}"`)
  }
}

/** The peers known by that nickname or peer ID now, you included; the message's own nick is matched too. */
function resolveAuthors (deps: SearchDeps, from: string): { authors: string[], nick: string } {
  const wanted = from.toLowerCase()
  const authors = deps.peers.known().filter(p => p.peerId === from || p.nick.toLowerCase() === wanted).map(p => p.peerId)
  if (deps.self.nick.toLowerCase() === wanted || deps.self.peerId === from) authors.push(deps.self.peerId)
  return { authors, nick: from }
}

export function toMessageSearch (deps: SearchDeps, query: SearchQuery): MessageSearch {
  const search: MessageSearch = { terms: query.terms }
  if (query.in !== undefined) search.conversation = resolveConversation(deps, query.in)
  if (query.from !== undefined) search.from = resolveAuthors(deps, query.from)
  if (query.after !== undefined) search.sinceTs = query.after
  if (query.before !== undefined) search.untilTs = query.before
  return search
}

export function searchCommands (deps: SearchDeps): Pick<CommandHandlers, 'search'> {
  return {
    search: ({ rest }) => {
      const text = rest.trim()
      const parsed = parseSearchQuery(text, deps.now())
      if ('problem' in parsed) throw new BadArgumentError(`/search: ${parsed.problem}`)
      const search = toMessageSearch(deps, parsed.query)
      let page
      try {
        page = deps.store.search(search, { limit: SEARCH_RESULT_LIMIT })
      } catch (err) {
        // The terms are quoted, so SQLite should never refuse them; if it does, say so plainly.
        if (err instanceof P2PChatError) throw new BadArgumentError(`/search could not run that query: ${err.message}`)
        throw err
      }
      const results: SearchResult[] = page.hits.map(hit => ({ conversation: hit.conversation, id: hit.id, from: hit.author, nick: hit.nick, text: hit.text, ts: hit.ts }))
      deps.bus.emit({ type: 'search', query: text, results, more: page.more })
    }
  }
}
