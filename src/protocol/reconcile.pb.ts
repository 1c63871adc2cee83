import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ReconcileRange {
  tsDelta: number
  id: Uint8Array<ArrayBuffer>
  mode: number
  fingerprint: Uint8Array<ArrayBuffer>
  ids: Uint8Array<ArrayBuffer>
  missing: Uint8Array<ArrayBuffer>
  count: number
}

export namespace ReconcileRange {
  let _codec: Codec<ReconcileRange>

  export const codec = (): Codec<ReconcileRange> => {
    if (_codec == null) {
      _codec = message<ReconcileRange>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.tsDelta != null && obj.tsDelta !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.tsDelta)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.id)
        }

        if ((obj.mode != null && obj.mode !== 0)) {
          w.uint32(24)
          w.uint32(obj.mode)
        }

        if ((obj.fingerprint != null && obj.fingerprint.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.fingerprint)
        }

        if ((obj.ids != null && obj.ids.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.ids)
        }

        if ((obj.missing != null && obj.missing.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.missing)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          tsDelta: 0,
          id: uint8ArrayAlloc(0),
          mode: 0,
          fingerprint: uint8ArrayAlloc(0),
          ids: uint8ArrayAlloc(0),
          missing: uint8ArrayAlloc(0),
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.tsDelta = reader.uint64Number()
              break
            }
            case 2: {
              obj.id = reader.bytes()
              break
            }
            case 3: {
              obj.mode = reader.uint32()
              break
            }
            case 4: {
              obj.fingerprint = reader.bytes()
              break
            }
            case 5: {
              obj.ids = reader.bytes()
              break
            }
            case 6: {
              obj.missing = reader.bytes()
              break
            }
            case 7: {
              obj.count = reader.uint64Number()
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
                field: `${prefix}.tsDelta`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.mode`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.fingerprint`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.ids`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.missing`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint64Number()
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

  export interface ReconcileRangeTsDeltaFieldEvent {
    field: '$.tsDelta'
    value: number
  }

  export interface ReconcileRangeIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReconcileRangeModeFieldEvent {
    field: '$.mode'
    value: number
  }

  export interface ReconcileRangeFingerprintFieldEvent {
    field: '$.fingerprint'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReconcileRangeIdsFieldEvent {
    field: '$.ids'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReconcileRangeMissingFieldEvent {
    field: '$.missing'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReconcileRangeCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<ReconcileRange>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReconcileRange.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReconcileRange>): ReconcileRange {
    return decodeMessage(buf, ReconcileRange.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReconcileRange>): Generator<ReconcileRangeTsDeltaFieldEvent | ReconcileRangeIdFieldEvent | ReconcileRangeModeFieldEvent | ReconcileRangeFingerprintFieldEvent | ReconcileRangeIdsFieldEvent | ReconcileRangeMissingFieldEvent | ReconcileRangeCountFieldEvent> {
    return streamMessage(buf, ReconcileRange.codec(), opts)
  }
}

export interface ReconcileRequest {
  version: number
  topic: string
  since: number
  ranges: Uint8Array<ArrayBuffer>[]
}

export namespace ReconcileRequest {
  let _codec: Codec<ReconcileRequest>

  export const codec = (): Codec<ReconcileRequest> => {
    if (_codec == null) {
      _codec = message<ReconcileRequest>((obj, w, opts = {}) => {
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

        if ((obj.since != null && obj.since !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.since)
        }

        if (obj.ranges != null && obj.ranges.length > 0) {
          for (const value of obj.ranges) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          topic: '',
          since: 0,
          ranges: []
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
              obj.since = reader.uint64Number()
              break
            }
            case 4: {
              if (opts.limits?.ranges != null && obj.ranges.length === opts.limits.ranges) {
                throw new MaxLengthError('Decode error - repeated field "ranges" had too many elements')
              }

              obj.ranges.push(reader.bytes())
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
          ranges: 0
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
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              if (opts.limits?.ranges != null && obj.ranges === opts.limits.ranges) {
                throw new MaxLengthError('Streaming decode error - repeated field "ranges" had too many elements')
              }

              yield {
                field: `${prefix}.ranges[]`,
                index: obj.ranges,
                value: reader.bytes()
              }

              obj.ranges++

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

  export interface ReconcileRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface ReconcileRequestTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface ReconcileRequestSinceFieldEvent {
    field: '$.since'
    value: number
  }

  export interface ReconcileRequestRangesFieldEvent {
    field: '$.ranges[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ReconcileRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReconcileRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReconcileRequest>): ReconcileRequest {
    return decodeMessage(buf, ReconcileRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReconcileRequest>): Generator<ReconcileRequestVersionFieldEvent | ReconcileRequestTopicFieldEvent | ReconcileRequestSinceFieldEvent | ReconcileRequestRangesFieldEvent> {
    return streamMessage(buf, ReconcileRequest.codec(), opts)
  }
}

export interface ReconcileResponse {
  ranges: Uint8Array<ArrayBuffer>[]
}

export namespace ReconcileResponse {
  let _codec: Codec<ReconcileResponse>

  export const codec = (): Codec<ReconcileResponse> => {
    if (_codec == null) {
      _codec = message<ReconcileResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ranges != null && obj.ranges.length > 0) {
          for (const value of obj.ranges) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ranges: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ranges != null && obj.ranges.length === opts.limits.ranges) {
                throw new MaxLengthError('Decode error - repeated field "ranges" had too many elements')
              }

              obj.ranges.push(reader.bytes())
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
          ranges: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ranges != null && obj.ranges === opts.limits.ranges) {
                throw new MaxLengthError('Streaming decode error - repeated field "ranges" had too many elements')
              }

              yield {
                field: `${prefix}.ranges[]`,
                index: obj.ranges,
                value: reader.bytes()
              }

              obj.ranges++

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

  export interface ReconcileResponseRangesFieldEvent {
    field: '$.ranges[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ReconcileResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReconcileResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReconcileResponse>): ReconcileResponse {
    return decodeMessage(buf, ReconcileResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReconcileResponse>): Generator<ReconcileResponseRangesFieldEvent> {
    return streamMessage(buf, ReconcileResponse.codec(), opts)
  }
}

export interface FetchRequest {
  version: number
  topic: string
  ids: Uint8Array<ArrayBuffer>
}

export namespace FetchRequest {
  let _codec: Codec<FetchRequest>

  export const codec = (): Codec<FetchRequest> => {
    if (_codec == null) {
      _codec = message<FetchRequest>((obj, w, opts = {}) => {
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

        if ((obj.ids != null && obj.ids.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.ids)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          topic: '',
          ids: uint8ArrayAlloc(0)
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
              obj.ids = reader.bytes()
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
                field: `${prefix}.ids`,
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

  export interface FetchRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface FetchRequestTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface FetchRequestIdsFieldEvent {
    field: '$.ids'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FetchRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRequest>): FetchRequest {
    return decodeMessage(buf, FetchRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRequest>): Generator<FetchRequestVersionFieldEvent | FetchRequestTopicFieldEvent | FetchRequestIdsFieldEvent> {
    return streamMessage(buf, FetchRequest.codec(), opts)
  }
}

export interface FetchResponse {
  records: Uint8Array<ArrayBuffer>[]
  truncated: boolean
  more: boolean
}

export namespace FetchResponse {
  let _codec: Codec<FetchResponse>

  export const codec = (): Codec<FetchResponse> => {
    if (_codec == null) {
      _codec = message<FetchResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.records != null && obj.records.length > 0) {
          for (const value of obj.records) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if ((obj.truncated != null && obj.truncated !== false)) {
          w.uint32(16)
          w.bool(obj.truncated)
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(24)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          records: [],
          truncated: false,
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
              obj.truncated = reader.bool()
              break
            }
            case 3: {
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
                field: `${prefix}.truncated`,
                value: reader.bool()
              }
              break
            }
            case 3: {
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

  export interface FetchResponseRecordsFieldEvent {
    field: '$.records[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface FetchResponseTruncatedFieldEvent {
    field: '$.truncated'
    value: boolean
  }

  export interface FetchResponseMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<FetchResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): FetchResponse {
    return decodeMessage(buf, FetchResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): Generator<FetchResponseRecordsFieldEvent | FetchResponseTruncatedFieldEvent | FetchResponseMoreFieldEvent> {
    return streamMessage(buf, FetchResponse.codec(), opts)
  }
}

export interface FetchRangeRequest {
  version: number
  topic: string
  lowerTs: number
  lowerId: Uint8Array<ArrayBuffer>
  upperTs: number
  upperId: Uint8Array<ArrayBuffer>
  limit: number
  credit: number
}

export namespace FetchRangeRequest {
  let _codec: Codec<FetchRangeRequest>

  export const codec = (): Codec<FetchRangeRequest> => {
    if (_codec == null) {
      _codec = message<FetchRangeRequest>((obj, w, opts = {}) => {
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

        if ((obj.lowerTs != null && obj.lowerTs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.lowerTs)
        }

        if ((obj.lowerId != null && obj.lowerId.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.lowerId)
        }

        if ((obj.upperTs != null && obj.upperTs !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.upperTs)
        }

        if ((obj.upperId != null && obj.upperId.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.upperId)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(56)
          w.uint32(obj.limit)
        }

        if ((obj.credit != null && obj.credit !== 0)) {
          w.uint32(64)
          w.uint32(obj.credit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          topic: '',
          lowerTs: 0,
          lowerId: uint8ArrayAlloc(0),
          upperTs: 0,
          upperId: uint8ArrayAlloc(0),
          limit: 0,
          credit: 0
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
              obj.lowerTs = reader.uint64Number()
              break
            }
            case 4: {
              obj.lowerId = reader.bytes()
              break
            }
            case 5: {
              obj.upperTs = reader.uint64Number()
              break
            }
            case 6: {
              obj.upperId = reader.bytes()
              break
            }
            case 7: {
              obj.limit = reader.uint32()
              break
            }
            case 8: {
              obj.credit = reader.uint32()
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
                field: `${prefix}.lowerTs`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.lowerId`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.upperTs`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.upperId`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.credit`,
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

  export interface FetchRangeRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface FetchRangeRequestTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface FetchRangeRequestLowerTsFieldEvent {
    field: '$.lowerTs'
    value: number
  }

  export interface FetchRangeRequestLowerIdFieldEvent {
    field: '$.lowerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FetchRangeRequestUpperTsFieldEvent {
    field: '$.upperTs'
    value: number
  }

  export interface FetchRangeRequestUpperIdFieldEvent {
    field: '$.upperId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FetchRangeRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface FetchRangeRequestCreditFieldEvent {
    field: '$.credit'
    value: number
  }

  export function encode (obj: Partial<FetchRangeRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchRangeRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRangeRequest>): FetchRangeRequest {
    return decodeMessage(buf, FetchRangeRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRangeRequest>): Generator<FetchRangeRequestVersionFieldEvent | FetchRangeRequestTopicFieldEvent | FetchRangeRequestLowerTsFieldEvent | FetchRangeRequestLowerIdFieldEvent | FetchRangeRequestUpperTsFieldEvent | FetchRangeRequestUpperIdFieldEvent | FetchRangeRequestLimitFieldEvent | FetchRangeRequestCreditFieldEvent> {
    return streamMessage(buf, FetchRangeRequest.codec(), opts)
  }
}

export interface SyncFrame {
  reconcile: Uint8Array<ArrayBuffer>
  fetch: Uint8Array<ArrayBuffer>
  fetchRange: Uint8Array<ArrayBuffer>
  credit: number
}

export namespace SyncFrame {
  let _codec: Codec<SyncFrame>

  export const codec = (): Codec<SyncFrame> => {
    if (_codec == null) {
      _codec = message<SyncFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.reconcile != null && obj.reconcile.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.reconcile)
        }

        if ((obj.fetch != null && obj.fetch.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.fetch)
        }

        if ((obj.fetchRange != null && obj.fetchRange.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.fetchRange)
        }

        if ((obj.credit != null && obj.credit !== 0)) {
          w.uint32(32)
          w.uint32(obj.credit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          reconcile: uint8ArrayAlloc(0),
          fetch: uint8ArrayAlloc(0),
          fetchRange: uint8ArrayAlloc(0),
          credit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.reconcile = reader.bytes()
              break
            }
            case 2: {
              obj.fetch = reader.bytes()
              break
            }
            case 3: {
              obj.fetchRange = reader.bytes()
              break
            }
            case 4: {
              obj.credit = reader.uint32()
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
                field: `${prefix}.reconcile`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.fetch`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.fetchRange`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.credit`,
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

  export interface SyncFrameReconcileFieldEvent {
    field: '$.reconcile'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncFrameFetchFieldEvent {
    field: '$.fetch'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncFrameFetchRangeFieldEvent {
    field: '$.fetchRange'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncFrameCreditFieldEvent {
    field: '$.credit'
    value: number
  }

  export function encode (obj: Partial<SyncFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncFrame>): SyncFrame {
    return decodeMessage(buf, SyncFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncFrame>): Generator<SyncFrameReconcileFieldEvent | SyncFrameFetchFieldEvent | SyncFrameFetchRangeFieldEvent | SyncFrameCreditFieldEvent> {
    return streamMessage(buf, SyncFrame.codec(), opts)
  }
}
