// Side-effect module: imported first by every entry point that may start libp2p.
import { installPromiseWithResolvers } from './promise-with-resolvers.js'

installPromiseWithResolvers()
