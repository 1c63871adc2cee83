import { randomBytes } from 'node:crypto'

/** 128 random bits, hex: unique without coordination, so every peer can dedup by id. */
export const newMessageId = (): string => randomBytes(16).toString('hex')

export const MESSAGE_ID_PATTERN = /^[0-9a-f]{32}$/
