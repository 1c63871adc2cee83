/** p2pchat's wire formats: pure codecs with validation, protocol ids, topics and limits. */
export * from './limits.js'
export * from './protocol-ids.js'
export * from './envelope.js'
export * from './profile.js'
export * from './dm-frame.js'
export * from './sync.js'
export { countCodePoints } from './validate.js'
export * from './courier.js'
