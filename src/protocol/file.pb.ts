import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface FileRequest {
  type: FileRequest.Type
  root: Uint8Array<ArrayBuffer>
  first: number
  count: number
}

export namespace FileRequest {
  export enum Type {
    MANIFEST = 'MANIFEST',
    CHUNKS = 'CHUNKS'
  }

  enum __TypeValues {
    MANIFEST = 0,
    CHUNKS = 1
  }

  export namespace Type {
    export const codec = (): Codec<Type> => {
      return enumeration<Type>(__TypeValues)
    }
  }

  let _codec: Codec<FileRequest>

  export const codec = (): Codec<FileRequest> => {
    if (_codec == null) {
      _codec = message<FileRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __TypeValues[obj.type] !== 0) {
          w.uint32(8)
          FileRequest.Type.codec().encode(obj.type, w)
        }

        if ((obj.root != null && obj.root.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.root)
        }

        if ((obj.first != null && obj.first !== 0)) {
          w.uint32(24)
          w.uint32(obj.first)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(32)
          w.uint32(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: Type.MANIFEST,
          root: uint8ArrayAlloc(0),
          first: 0,
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = FileRequest.Type.codec().decode(reader)
              break
            }
            case 2: {
              obj.root = reader.bytes()
              break
            }
            case 3: {
              obj.first = reader.uint32()
              break
            }
            case 4: {
              obj.count = reader.uint32()
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
                field: `${prefix}.type`,
                value: FileRequest.Type.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.root`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.first`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.count`,
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

  export interface FileRequestTypeFieldEvent {
    field: '$.type'
    value: FileRequest.Type
  }

  export interface FileRequestRootFieldEvent {
    field: '$.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRequestFirstFieldEvent {
    field: '$.first'
    value: number
  }

  export interface FileRequestCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<FileRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FileRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileRequest>): FileRequest {
    return decodeMessage(buf, FileRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileRequest>): Generator<FileRequestTypeFieldEvent | FileRequestRootFieldEvent | FileRequestFirstFieldEvent | FileRequestCountFieldEvent> {
    return streamMessage(buf, FileRequest.codec(), opts)
  }
}

export interface FileResponse {
  status: FileResponse.Status
  chunkSize: number
  size: number
  hashes: Uint8Array<ArrayBuffer>
  index: number
  data: Uint8Array<ArrayBuffer>
}

export namespace FileResponse {
  export enum Status {
    OK = 'OK',
    NOT_FOUND = 'NOT_FOUND',
    BUSY = 'BUSY'
  }

  enum __StatusValues {
    OK = 0,
    NOT_FOUND = 1,
    BUSY = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<FileResponse>

  export const codec = (): Codec<FileResponse> => {
    if (_codec == null) {
      _codec = message<FileResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          FileResponse.Status.codec().encode(obj.status, w)
        }

        if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
          w.uint32(16)
          w.uint32(obj.chunkSize)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.size)
        }

        if ((obj.hashes != null && obj.hashes.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.hashes)
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(40)
          w.uint32(obj.index)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.data)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          chunkSize: 0,
          size: 0,
          hashes: uint8ArrayAlloc(0),
          index: 0,
          data: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = FileResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.chunkSize = reader.uint32()
              break
            }
            case 3: {
              obj.size = reader.uint64Number()
              break
            }
            case 4: {
              obj.hashes = reader.bytes()
              break
            }
            case 5: {
              obj.index = reader.uint32()
              break
            }
            case 6: {
              obj.data = reader.bytes()
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
                field: `${prefix}.status`,
                value: FileResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.chunkSize`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.hashes`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.data`,
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

  export interface FileResponseStatusFieldEvent {
    field: '$.status'
    value: FileResponse.Status
  }

  export interface FileResponseChunkSizeFieldEvent {
    field: '$.chunkSize'
    value: number
  }

  export interface FileResponseSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface FileResponseHashesFieldEvent {
    field: '$.hashes'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileResponseIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface FileResponseDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FileResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FileResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileResponse>): FileResponse {
    return decodeMessage(buf, FileResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileResponse>): Generator<FileResponseStatusFieldEvent | FileResponseChunkSizeFieldEvent | FileResponseSizeFieldEvent | FileResponseHashesFieldEvent | FileResponseIndexFieldEvent | FileResponseDataFieldEvent> {
    return streamMessage(buf, FileResponse.codec(), opts)
  }
}

export interface FileOffer {
  root: Uint8Array<ArrayBuffer>
  name: string
  size: number
  sha256: Uint8Array<ArrayBuffer>
  key: Uint8Array<ArrayBuffer>
}

export namespace FileOffer {
  let _codec: Codec<FileOffer>

  export const codec = (): Codec<FileOffer> => {
    if (_codec == null) {
      _codec = message<FileOffer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.root != null && obj.root.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.root)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.size)
        }

        if ((obj.sha256 != null && obj.sha256.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.sha256)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.key)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          root: uint8ArrayAlloc(0),
          name: '',
          size: 0,
          sha256: uint8ArrayAlloc(0),
          key: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.root = reader.bytes()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 3: {
              obj.size = reader.uint64Number()
              break
            }
            case 4: {
              obj.sha256 = reader.bytes()
              break
            }
            case 5: {
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
                field: `${prefix}.root`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.sha256`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
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

  export interface FileOfferRootFieldEvent {
    field: '$.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileOfferNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface FileOfferSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface FileOfferSha256FieldEvent {
    field: '$.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileOfferKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FileOffer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FileOffer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileOffer>): FileOffer {
    return decodeMessage(buf, FileOffer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileOffer>): Generator<FileOfferRootFieldEvent | FileOfferNameFieldEvent | FileOfferSizeFieldEvent | FileOfferSha256FieldEvent | FileOfferKeyFieldEvent> {
    return streamMessage(buf, FileOffer.codec(), opts)
  }
}
