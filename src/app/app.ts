import { listensByDefault, type Config } from '../config.js'
import { ensureProfileDir } from '../identity/profile-dir.js'
import { loadIdentity } from '../identity/identity-file.js'
import { openStore } from '../store/open-store.js'
import type { MessageStore } from '../store/message-store.js'
import { ChatNode } from '../net/chat-node.js'
import type { DmStrategy } from '../net/dm-strategy.js'
import { LISTEN_PORT_SETTING, listenPort, stickyListen } from '../net/sticky-port.js'
import { createLog } from '../logging.js'
import { BackgroundErrors } from './core/background-errors.js'
import { redialList } from './core/redial-list.js'
import { EventBus } from './core/event-bus.js'
import { Conversations } from './core/conversations.js'
import { PeerDirectory } from './core/peer-directory.js'
import { MessageClock } from './core/message-clock.js'
import { ConversationOwners } from './core/conversation-owners.js'
import type { CoreServices } from './core/core-services.js'
import { Controller } from './controller.js'
import type { CommandHandlers } from './command-handler.js'
import { generalCommands } from './general/general-commands.js'
import { conversationCommands, sendToActive } from './general/conversation-commands.js'
import { Rooms } from './rooms/rooms.js'
import { SyncCoordinator } from './core/sync-coordinator.js'
import { AntiEntropy } from './core/anti-entropy.js'
import { roomCommands, roomOwner } from './rooms/room-commands.js'
import { DirectMessages } from './dms/direct-messages.js'
import { dmCommands, dmOwner } from './dms/dm-commands.js'
import { PrivateRooms } from './private-rooms/private-rooms.js'
import { Couriers } from './couriers/couriers.js'
import { courierCommands } from './couriers/courier-commands.js'
import { courierLimits, type CourierLimits } from './couriers/courier-limits.js'
import { privateRoomCommands, privateRoomOwner } from './private-rooms/private-room-commands.js'
import { searchCommands } from './search/search-commands.js'
import { NotifySettingsStore } from './notify/notify-settings-store.js'
import { Notifications } from './notify/notifications.js'
import { notifyCommands } from './notify/notify-commands.js'
import { diagCommands, watchFirstDiscovery } from './diag/diag-commands.js'
import { diagnose } from './diag/diagnose.js'
import type { DiagReport, InterfaceSummary } from '../domain/diag.js'
import { Files } from './files/files.js'
import { fileCommands } from './files/file-commands.js'

const log = createLog('p2pchat:app')

/** Quit notices get this long to leave before the node stops: /quit must finish within 2 s. */
const QUIT_NOTICE_BUDGET_MS = 500
/** After the notices are handed to gossipsub, a moment for them to leave the socket before connections close. */
const QUIT_FLUSH_MS = 100
/** --history-days counts these. */
const DAY_MS = 24 * 60 * 60_000

export interface AppOptions {
  now?: () => number
  dmStrategy?: DmStrategy
  /** The machine's network interfaces for /diag (the CLI reads them; src/ touches no process state). */
  interfaces?: () => InterfaceSummary[]
  /** Say once, shortly after start, when no peer was found (the terminal UI wants this). */
  discoveryNotice?: boolean
  /** Tests shrink the courier quotas. */
  courierLimits?: Partial<CourierLimits>
}

interface Parts { core: CoreServices, node: ChatNode, rooms: Rooms, dms: DirectMessages, privateRooms: PrivateRooms, notifications: Notifications, files: Files, couriers: Couriers, options: AppOptions }

/**
 * The composition root: profile, identity, store, network node, features,
 * controller, in that order; stopped in reverse. Front ends get the
 * controller and wait on `quitRequested`.
 */
export class App {
  readonly controller: Controller
  readonly quitRequested: Promise<string>
  /** Settles once stop() has finished, whoever called it (a /quit, a signal, the end of input). */
  readonly stopped: Promise<void>
  private markStopped: () => void = () => {}
  private readonly parts: Parts
  private readonly config: Config
  private requestQuit: (message: string) => void = () => {}
  private stopping: Promise<void> | undefined
  private cancelDiscoveryWatch: () => void = () => {}
  private readonly antiEntropy: AntiEntropy

  private constructor (parts: Parts, config: Config) {
    this.parts = parts
    this.config = config
    this.quitRequested = new Promise(resolve => { this.requestQuit = resolve })
    this.stopped = new Promise(resolve => { this.markStopped = resolve })
    const { core, node, rooms, dms, privateRooms, notifications, files, couriers } = parts
    this.antiEntropy = new AntiEntropy({ sync: core.historySync })
    const owners = new ConversationOwners({
      owners: { room: roomOwner(rooms), private: privateRoomOwner(privateRooms), dm: dmOwner(dms) },
      lookupOrder: ['private', 'room']
    })
    const handlers: CommandHandlers = {
      ...generalCommands({ ...core, net: node, quit: async (message) => { this.requestQuit(message) } }),
      ...conversationCommands({ ...core, owners }),
      ...roomCommands({ ...core, rooms, owners }),
      ...dmCommands({ ...core, dms, net: node, invitations: privateRooms }),
      ...privateRoomCommands(privateRooms),
      ...notifyCommands({ ...core, settings: notifications.settings, notifications }),
      ...diagCommands(this.diagDeps()),
      ...searchCommands(core),
      ...fileCommands(files),
      ...courierCommands({ ...core, couriers })
    }
    this.controller = new Controller(core, handlers, async (text) => { await sendToActive({ ...core, owners }, text, 'text') })
  }

  get peerId (): string { return this.parts.core.self.peerId }

  /** The discovery doctor's report now (`p2pchat doctor`). */
  diagnose (): DiagReport { return diagnose(this.diagDeps()) }

  private diagDeps (): Parameters<typeof diagCommands>[0] {
    const { core, node, options } = this.parts
    return { ...core, net: node, interfaces: options.interfaces ?? (() => []) }
  }

  /** Opens the profile and builds everything; nothing touches the network until start(). */
  static async create (config: Config, options: AppOptions = {}): Promise<App> {
    ensureProfileDir(config.home)
    const identity = loadIdentity(config.identityPath, config.ownIdentity)
    const store = openStore(config.history ? { path: config.databasePath, inMemory: false } : { inMemory: true })
    try {
      return await App.assemble(config, identity, store, options)
    } catch (err) {
      store.close()
      throw err
    }
  }

  private static async assemble (config: Config, identity: Uint8Array, store: MessageStore, options: AppOptions): Promise<App> {
    const nick = config.nick ?? store.getSetting('nick') ?? config.defaultNick
    store.forgetStaleStrangers()
    const bus = new EventBus()
    const background = new BackgroundErrors(bus)
    const node = await ChatNode.create({
      onListenerError: (err, during) => { background.report(err, during) },
      identity,
      identitySource: config.identityPath,
      nick,
      listen: listensByDefault(config) ? (await stickyListen(store.getSetting(LISTEN_PORT_SETTING))) ?? config.listen : config.listen,
      mdns: config.mdns,
      relay: config.relay,
      knownPeers: redialList(store.listPeers(), (options.now ?? Date.now)()),
      manualPeers: config.peers,
      isBlocked: (peerId) => store.getPeer(peerId)?.blocked === true,
      ...(options.dmStrategy !== undefined ? { dmStrategy: options.dmStrategy } : {})
    })
    const now = options.now ?? Date.now
    const core: CoreServices = {
      store, bus, now,
      messageClock: new MessageClock(now),
      conversations: new Conversations(store, bus, now),
      peers: new PeerDirectory(node, store, bus, now),
      self: { peerId: node.peerId, nick },
      historySync: new SyncCoordinator({
        store, bus, now, net: node.sync,
        ...(config.historyDays !== undefined ? { historyMs: config.historyDays * DAY_MS } : {})
      })
    }
    if (config.nick !== undefined) store.setSetting('nick', config.nick)
    const rooms = new Rooms({ ...core, net: node })
    const dms = new DirectMessages({ ...core, net: node })
    const privateRooms = new PrivateRooms({ ...core, net: node }, dms)
    const files = new Files({
      ...core,
      net: node,
      downloadsDir: config.downloadsDir,
      autoAcceptBytes: config.autoAcceptFiles,
      post: {
        toPeer: async (peerId, text, file) => { await dms.send(peerId, text, 'file', file) },
        toRoom: async (room, text, file) => { await rooms.send(Rooms.validName(room), text, 'file', file) },
        toPrivate: async (roomId, text, file) => { await privateRooms.sendFile(roomId, text, file) }
      },
      privateRooms: { roomIdOf: (label) => privateRooms.memberRoomId(label), members: (roomId) => privateRooms.currentMembers(roomId) }
    })
    const limits = courierLimits(config.courier, config.courierBudget, config.courierExpiryMs, options.courierLimits)
    const couriers = new Couriers({ ...core, net: node, dms, limits, company: rooms })
    const notifications = new Notifications({ ...core, settings: new NotifySettingsStore(store) })
    return new App({ core, node, rooms, dms, privateRooms, notifications, files, couriers, options }, config)
  }

  /** Listens, announces `ready`, rejoins rooms and resumes the outbox. Subscribe front ends first. */
  async start (): Promise<void> {
    const { core, node, rooms, dms, privateRooms, notifications, options, files, couriers } = this.parts
    const config = this.config
    try {
      await node.start()
    } catch (err) {
      await node.stop().catch(() => {})
      core.store.close()
      throw err
    }
    const port = listensByDefault(config) ? listenPort(node.addrs()) : undefined
    if (port !== undefined) core.store.setSetting(LISTEN_PORT_SETTING, port)
    core.bus.emit({ type: 'ready', peerId: core.self.peerId, nick: core.self.nick, addrs: node.addrs() })
    notifications.start()
    if (options.discoveryNotice === true) this.cancelDiscoveryWatch = watchFirstDiscovery(this.diagDeps())
    core.conversations.announce()
    for (const room of new Set([...rooms.joined(), ...config.joinRooms])) rooms.join(room, { activate: false })
    privateRooms.start()
    const first = config.joinRooms.at(-1) ?? core.conversations.list()[0]?.id.replace(/^room:/, '')
    const firstId = core.conversations.list().find(c => c.id === `room:${first}`)?.id ?? core.conversations.list()[0]?.id ?? null
    core.conversations.setActive(firstId)
    dms.start()
    files.start()
    couriers.start()
    this.antiEntropy.start()
  }

  /** Tell peers we are going, then stop everything; safe to call more than once. */
  async stop (message = ''): Promise<void> {
    this.stopping ??= this.shutdown(message)
    await this.stopping
  }

  private async shutdown (message: string): Promise<void> {
    const { core, node, rooms, dms, privateRooms, notifications, files, couriers } = this.parts
    this.cancelDiscoveryWatch()
    this.antiEntropy.stop()
    const budget = new Promise<void>(resolve => setTimeout(resolve, QUIT_NOTICE_BUDGET_MS).unref())
    const notices = Promise.allSettled([rooms.announceQuit(message), privateRooms.announceQuit()])
      .then(async () => { await new Promise(resolve => setTimeout(resolve, QUIT_FLUSH_MS).unref()) })
    await Promise.race([notices, budget])
    dms.stop()
    files.stop()
    couriers.stop()
    try {
      await node.stop()
    } catch (err) {
      log.warn('node stop: %s', (err as Error).message)
    }
    core.bus.emit({ type: 'quit' })
    notifications.stop()
    core.conversations.stop()
    core.store.close()
    this.markStopped()
  }
}
