import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface SealedItem {
  to: string
  expiresAt: bigint
  box: Uint8Array<ArrayBuffer>
}

export namespace SealedItem {
  let _codec: Codec<SealedItem>

  export const codec = (): Codec<SealedItem> => {
    if (_codec == null) {
      _codec = message<SealedItem>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.to != null && obj.to !== '')) {
          w.uint32(10)
          w.string(obj.to)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.expiresAt)
        }

        if ((obj.box != null && obj.box.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.box)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          to: '',
          expiresAt: 0n,
          box: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.to = reader.string()
              break
            }
            case 2: {
              obj.expiresAt = reader.uint64()
              break
            }
            case 3: {
              obj.box = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.to`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.box`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SealedItemToFieldEvent {
    field: '$.to'
    value: string
  }

  export interface SealedItemExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export interface SealedItemBoxFieldEvent {
    field: '$.box'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SealedItem>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SealedItem.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SealedItem>): SealedItem {
    return decodeMessage(buf, SealedItem.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SealedItem>): Generator<SealedItemToFieldEvent | SealedItemExpiresAtFieldEvent | SealedItemBoxFieldEvent> {
    return streamMessage(buf, SealedItem.codec(), opts)
  }
}

export interface CourierRequest {
  items: Uint8Array<ArrayBuffer>[]
}

export namespace CourierRequest {
  let _codec: Codec<CourierRequest>

  export const codec = (): Codec<CourierRequest> => {
    if (_codec == null) {
      _codec = message<CourierRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          items: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              yield {
                field: `${prefix}.items[]`,
                index: obj.items,
                value: reader.bytes()
              }

              obj.items++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CourierRequestItemsFieldEvent {
    field: '$.items[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<CourierRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CourierRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CourierRequest>): CourierRequest {
    return decodeMessage(buf, CourierRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CourierRequest>): Generator<CourierRequestItemsFieldEvent> {
    return streamMessage(buf, CourierRequest.codec(), opts)
  }
}

export interface CourierResponse {
  outcomes: string[]
}

export namespace CourierResponse {
  let _codec: Codec<CourierResponse>

  export const codec = (): Codec<CourierResponse> => {
    if (_codec == null) {
      _codec = message<CourierResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.outcomes != null && obj.outcomes.length > 0) {
          for (const value of obj.outcomes) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          outcomes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.outcomes != null && obj.outcomes.length === opts.limits.outcomes) {
                throw new MaxLengthError('Decode error - repeated field "outcomes" had too many elements')
              }

              obj.outcomes.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          outcomes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.outcomes != null && obj.outcomes === opts.limits.outcomes) {
                throw new MaxLengthError('Streaming decode error - repeated field "outcomes" had too many elements')
              }

              yield {
                field: `${prefix}.outcomes[]`,
                index: obj.outcomes,
                value: reader.string()
              }

              obj.outcomes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CourierResponseOutcomesFieldEvent {
    field: '$.outcomes[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<CourierResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CourierResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CourierResponse>): CourierResponse {
    return decodeMessage(buf, CourierResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CourierResponse>): Generator<CourierResponseOutcomesFieldEvent> {
    return streamMessage(buf, CourierResponse.codec(), opts)
  }
}

export interface SealedContent {
  from: string
  kind: number
  body: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SealedContent {
  let _codec: Codec<SealedContent>

  export const codec = (): Codec<SealedContent> => {
    if (_codec == null) {
      _codec = message<SealedContent>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from !== '')) {
          w.uint32(10)
          w.string(obj.from)
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(16)
          w.uint32(obj.kind)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.body)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: '',
          kind: 0,
          body: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.string()
              break
            }
            case 2: {
              obj.kind = reader.uint32()
              break
            }
            case 3: {
              obj.body = reader.bytes()
              break
            }
            case 4: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.from`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SealedContentFromFieldEvent {
    field: '$.from'
    value: string
  }

  export interface SealedContentKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export interface SealedContentBodyFieldEvent {
    field: '$.body'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SealedContentSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SealedContent>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SealedContent.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SealedContent>): SealedContent {
    return decodeMessage(buf, SealedContent.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SealedContent>): Generator<SealedContentFromFieldEvent | SealedContentKindFieldEvent | SealedContentBodyFieldEvent | SealedContentSignatureFieldEvent> {
    return streamMessage(buf, SealedContent.codec(), opts)
  }
}

export interface Receipt {
  id: string
}

export namespace Receipt {
  let _codec: Codec<Receipt>

  export const codec = (): Codec<Receipt> => {
    if (_codec == null) {
      _codec = message<Receipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReceiptIdFieldEvent {
    field: '$.id'
    value: string
  }

  export function encode (obj: Partial<Receipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Receipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Receipt {
    return decodeMessage(buf, Receipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Generator<ReceiptIdFieldEvent> {
    return streamMessage(buf, Receipt.codec(), opts)
  }
}
