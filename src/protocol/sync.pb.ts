import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface SyncRequest {
  version: number
  topic: string
  since: bigint
  have: string[]
  limit: number
}

export namespace SyncRequest {
  let _codec: Codec<SyncRequest>

  export const codec = (): Codec<SyncRequest> => {
    if (_codec == null) {
      _codec = message<SyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(18)
          w.string(obj.topic)
        }

        if ((obj.since != null && obj.since !== 0n)) {
          w.uint32(24)
          w.uint64(obj.since)
        }

        if (obj.have != null && obj.have.length > 0) {
          for (const value of obj.have) {
            w.uint32(34)
            w.string(value)
          }
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(40)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          topic: '',
          since: 0n,
          have: [],
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.topic = reader.string()
              break
            }
            case 3: {
              obj.since = reader.uint64()
              break
            }
            case 4: {
              if (opts.limits?.have != null && obj.have.length === opts.limits.have) {
                throw new MaxLengthError('Decode error - repeated field "have" had too many elements')
              }

              obj.have.push(reader.string())
              break
            }
            case 5: {
              obj.limit = reader.uint32()
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
          have: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.since`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              if (opts.limits?.have != null && obj.have === opts.limits.have) {
                throw new MaxLengthError('Streaming decode error - repeated field "have" had too many elements')
              }

              yield {
                field: `${prefix}.have[]`,
                index: obj.have,
                value: reader.string()
              }

              obj.have++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
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

  export interface SyncRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface SyncRequestTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface SyncRequestSinceFieldEvent {
    field: '$.since'
    value: bigint
  }

  export interface SyncRequestHaveFieldEvent {
    field: '$.have[]'
    index: number
    value: string
  }

  export interface SyncRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<SyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): SyncRequest {
    return decodeMessage(buf, SyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): Generator<SyncRequestVersionFieldEvent | SyncRequestTopicFieldEvent | SyncRequestSinceFieldEvent | SyncRequestHaveFieldEvent | SyncRequestLimitFieldEvent> {
    return streamMessage(buf, SyncRequest.codec(), opts)
  }
}

export interface SignedRecord {
  from: Uint8Array<ArrayBuffer>
  data: Uint8Array<ArrayBuffer>
  seqno: Uint8Array<ArrayBuffer>
  topic: string
  signature: Uint8Array<ArrayBuffer>
  key: Uint8Array<ArrayBuffer>
}

export namespace SignedRecord {
  let _codec: Codec<SignedRecord>

  export const codec = (): Codec<SignedRecord> => {
    if (_codec == null) {
      _codec = message<SignedRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.from)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if ((obj.seqno != null && obj.seqno.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.seqno)
        }

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(34)
          w.string(obj.topic)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.signature)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.key)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: uint8ArrayAlloc(0),
          data: uint8ArrayAlloc(0),
          seqno: uint8ArrayAlloc(0),
          topic: '',
          signature: uint8ArrayAlloc(0),
          key: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.bytes()
              break
            }
            case 2: {
              obj.data = reader.bytes()
              break
            }
            case 3: {
              obj.seqno = reader.bytes()
              break
            }
            case 4: {
              obj.topic = reader.string()
              break
            }
            case 5: {
              obj.signature = reader.bytes()
              break
            }
            case 6: {
              obj.key = reader.bytes()
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
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.seqno`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.key`,
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

  export interface SignedRecordFromFieldEvent {
    field: '$.from'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRecordDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRecordSeqnoFieldEvent {
    field: '$.seqno'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRecordTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface SignedRecordSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRecordKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): SignedRecord {
    return decodeMessage(buf, SignedRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): Generator<SignedRecordFromFieldEvent | SignedRecordDataFieldEvent | SignedRecordSeqnoFieldEvent | SignedRecordTopicFieldEvent | SignedRecordSignatureFieldEvent | SignedRecordKeyFieldEvent> {
    return streamMessage(buf, SignedRecord.codec(), opts)
  }
}

export interface SyncResponse {
  records: Uint8Array<ArrayBuffer>[]
  more: boolean
}

export namespace SyncResponse {
  let _codec: Codec<SyncResponse>

  export const codec = (): Codec<SyncResponse> => {
    if (_codec == null) {
      _codec = message<SyncResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.records != null && obj.records.length > 0) {
          for (const value of obj.records) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(16)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          records: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.records != null && obj.records.length === opts.limits.records) {
                throw new MaxLengthError('Decode error - repeated field "records" had too many elements')
              }

              obj.records.push(reader.bytes())
              break
            }
            case 2: {
              obj.more = reader.bool()
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
          records: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.records != null && obj.records === opts.limits.records) {
                throw new MaxLengthError('Streaming decode error - repeated field "records" had too many elements')
              }

              yield {
                field: `${prefix}.records[]`,
                index: obj.records,
                value: reader.bytes()
              }

              obj.records++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
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

  export interface SyncResponseRecordsFieldEvent {
    field: '$.records[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncResponseMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<SyncResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): SyncResponse {
    return decodeMessage(buf, SyncResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): Generator<SyncResponseRecordsFieldEvent | SyncResponseMoreFieldEvent> {
    return streamMessage(buf, SyncResponse.codec(), opts)
  }
}
