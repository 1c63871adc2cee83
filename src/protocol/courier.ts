/**
 * The courier wire format (courier.pb.proto): sealed items, hand-over
 * requests and responses, and the sealed content and receipts inside a box.
 * Size first, then decode, then field checks; every failure is an
 * InvalidMessageError.
 */
import { MESSAGE_ID_PATTERN } from '../domain/message-id.js'
import { CourierRequest, CourierResponse, Receipt, SealedContent, SealedItem } from './courier.pb.js'
import {
  MAX_COURIER_EXPIRY_MS, MAX_COURIER_ITEMS, MAX_COURIER_REQUEST_BYTES, MAX_COURIER_RESPONSE_BYTES, MAX_PEER_ID_CHARS,
  MAX_REASON_CHARS, MAX_RECORD_SIGNATURE_BYTES, MAX_SEALED_BOX_BYTES, MAX_SEALED_CONTENT_BYTES, MAX_SEALED_ITEM_BYTES
} from './limits.js'
import { checkSize, copyBytes, decodeOrThrow, invalid, timestampToWire } from './validate.js'

/** What a courier sees of an item. */
export interface SealedItemFields { to: string, expiresAt: number, box: Uint8Array }
/** An item as decoded from a request, with its exact bytes (what is stored and forwarded). */
export interface WireItem { bytes: Uint8Array, item: SealedItemFields }

export const SEALED_KIND_DM = 1
export const SEALED_KIND_RECEIPT = 2
export type SealedKind = typeof SEALED_KIND_DM | typeof SEALED_KIND_RECEIPT
export interface SealedContentFields { from: string, kind: SealedKind, body: Uint8Array, signature: Uint8Array }

/** The outcome tokens this version sends; any other valid token is a refusal. */
export const HELD = 'held'
export const TAKEN = 'taken'
const TOKEN_PATTERN = new RegExp(`^[a-z0-9][a-z0-9-]{0,${MAX_REASON_CHARS - 1}}$`)
/** Peer IDs as text: base58btc (what libp2p prints) of a multihash. */
const PEER_ID_PATTERN = new RegExp(`^[1-9A-HJ-NP-Za-km-z]{1,${MAX_PEER_ID_CHARS}}$`)

const AAD_CONTEXT = 'p2pchat/courier/item/1\n'

/** The associated data a box is sealed with: the header a courier sees, so changing it makes the box fail to open. */
export const sealedItemAad = (to: string, expiresAt: number): Uint8Array => new TextEncoder().encode(`${AAD_CONTEXT}${to}\n${expiresAt}`)

function checkPeerId (what: string, id: string): void {
  if (typeof id !== 'string' || !PEER_ID_PATTERN.test(id)) invalid(what, 'is not a peer ID')
}

function checkItem (item: SealedItemFields): void {
  checkPeerId('sealed item recipient', item.to)
  if (!Number.isSafeInteger(item.expiresAt) || item.expiresAt <= 0) invalid('sealed item expiry', 'is not a valid timestamp')
  if (!(item.box instanceof Uint8Array) || item.box.byteLength === 0) invalid('sealed item box', 'is empty')
  if (item.box.byteLength > MAX_SEALED_BOX_BYTES) invalid('sealed item box', `is longer than ${MAX_SEALED_BOX_BYTES} bytes`)
}

export function encodeSealedItem (item: SealedItemFields): Uint8Array {
  checkItem(item)
  const bytes = SealedItem.encode({ to: item.to, expiresAt: timestampToWire('sealed item expiry', item.expiresAt), box: new Uint8Array(item.box) })
  checkSize('encoded sealed item', bytes, MAX_SEALED_ITEM_BYTES)
  return bytes
}

/**
 * Decodes one item. `now` bounds its expiry: already expired, or further
 * ahead than MAX_COURIER_EXPIRY_MS (plus a day of clock skew), is refused.
 */
export function decodeSealedItem (bytes: Uint8Array, now: number): SealedItemFields {
  checkSize('sealed item', bytes, MAX_SEALED_ITEM_BYTES)
  const wire = decodeOrThrow('sealed item', () => SealedItem.decode(bytes))
  if (wire.expiresAt > BigInt(Number.MAX_SAFE_INTEGER)) invalid('sealed item expiry', 'is not a valid timestamp')
  const item = { to: wire.to, expiresAt: Number(wire.expiresAt), box: copyBytes('sealed item box', wire.box, MAX_SEALED_BOX_BYTES) }
  checkItem(item)
  if (item.expiresAt <= now) invalid('sealed item', 'has expired')
  if (item.expiresAt > now + MAX_COURIER_EXPIRY_MS + 24 * 60 * 60 * 1000) invalid('sealed item expiry', 'is too far ahead')
  return item
}

export function encodeCourierRequest (items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0 || items.length > MAX_COURIER_ITEMS) invalid('courier request', `must hold 1 to ${MAX_COURIER_ITEMS} items`)
  const bytes = CourierRequest.encode({ items: items.map(i => new Uint8Array(i)) })
  checkSize('encoded courier request', bytes, MAX_COURIER_REQUEST_BYTES)
  return bytes
}

/** Decodes a request and every item in it; one bad item refuses the whole request (an honest peer sends none). */
export function decodeCourierRequest (bytes: Uint8Array, now: number): WireItem[] {
  checkSize('courier request', bytes, MAX_COURIER_REQUEST_BYTES)
  const wire = decodeOrThrow('courier request', () => CourierRequest.decode(bytes, { limits: { items: MAX_COURIER_ITEMS } }))
  if (wire.items.length === 0) invalid('courier request', 'holds no items')
  return wire.items.map(b => ({ bytes: new Uint8Array(b), item: decodeSealedItem(b, now) }))
}

function checkToken (token: string): void {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) invalid('courier outcome', `is not a token of 1 to ${MAX_REASON_CHARS} lowercase letters, digits and "-"`)
}

export function encodeCourierResponse (outcomes: readonly string[]): Uint8Array {
  if (outcomes.length > MAX_COURIER_ITEMS) invalid('courier response', `holds more than ${MAX_COURIER_ITEMS} outcomes`)
  outcomes.forEach(checkToken)
  return CourierResponse.encode({ outcomes: [...outcomes] })
}

/** Decodes a response to a request of `expected` items: exactly one outcome per item. */
export function decodeCourierResponse (bytes: Uint8Array, expected: number): string[] {
  checkSize('courier response', bytes, MAX_COURIER_RESPONSE_BYTES)
  const wire = decodeOrThrow('courier response', () => CourierResponse.decode(bytes, { limits: { outcomes: MAX_COURIER_ITEMS } }))
  if (wire.outcomes.length !== expected) invalid('courier response', 'does not answer every item')
  wire.outcomes.forEach(checkToken)
  return wire.outcomes
}

function checkContent (c: SealedContentFields): void {
  checkPeerId('sealed content author', c.from)
  if (c.kind !== SEALED_KIND_DM && c.kind !== SEALED_KIND_RECEIPT) invalid('sealed content', 'has an unknown kind')
  if (c.body.byteLength === 0) invalid('sealed content body', 'is empty')
  if (c.signature.byteLength === 0 || c.signature.byteLength > MAX_RECORD_SIGNATURE_BYTES) invalid('sealed content signature', 'has a bad length')
}

export function encodeSealedContent (c: SealedContentFields): Uint8Array {
  checkContent(c)
  const bytes = SealedContent.encode({ from: c.from, kind: c.kind, body: new Uint8Array(c.body), signature: new Uint8Array(c.signature) })
  checkSize('encoded sealed content', bytes, MAX_SEALED_CONTENT_BYTES)
  return bytes
}

export function decodeSealedContent (bytes: Uint8Array): SealedContentFields {
  checkSize('sealed content', bytes, MAX_SEALED_CONTENT_BYTES)
  const wire = decodeOrThrow('sealed content', () => SealedContent.decode(bytes))
  const content = { from: wire.from, kind: wire.kind as SealedKind, body: new Uint8Array(wire.body), signature: new Uint8Array(wire.signature) }
  checkContent(content)
  return content
}

export function encodeReceipt (id: string): Uint8Array {
  if (!MESSAGE_ID_PATTERN.test(id)) invalid('receipt', 'id is not 32 lowercase hex characters')
  return Receipt.encode({ id })
}

export function decodeReceipt (bytes: Uint8Array): string {
  checkSize('receipt', bytes, 128)
  const wire = decodeOrThrow('receipt', () => Receipt.decode(bytes))
  if (!MESSAGE_ID_PATTERN.test(wire.id)) invalid('receipt', 'id is not 32 lowercase hex characters')
  return wire.id
}
