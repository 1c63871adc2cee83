/**
 * p2pchat as a library: the same application the CLI runs, for embedding
 * and for tests. Import this module first where libp2p may start: it
 * installs the Node 20 polyfill libp2p needs.
 */
import './runtime/install-polyfills.js'

export { App, type AppOptions } from './app/app.js'
export type { ControllerPort, MessageCursor } from './app/controller-port.js'
export { resolveConfig, type Config, type Flags, type Environment } from './config.js'
export type { AppEvent, MessageEvent } from './domain/events.js'
export { configureLogging } from './logging.js'
export * from './errors.js'
