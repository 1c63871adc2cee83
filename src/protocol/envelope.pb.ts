import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  version: number
  id: string
  kind: Envelope.Kind
  ts: bigint
  nick: string
  text: string
  room: string
  file: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  export enum Kind {
    TEXT = 'TEXT',
    ACTION = 'ACTION',
    JOIN = 'JOIN',
    LEAVE = 'LEAVE'
  }

  enum __KindValues {
    TEXT = 0,
    ACTION = 1,
    JOIN = 2,
    LEAVE = 3
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(18)
          w.string(obj.id)
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(24)
          Envelope.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.ts != null && obj.ts !== 0n)) {
          w.uint32(32)
          w.uint64(obj.ts)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(42)
          w.string(obj.nick)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(50)
          w.string(obj.text)
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(58)
          w.string(obj.room)
        }

        if ((obj.file != null && obj.file.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.file)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          id: '',
          kind: Kind.TEXT,
          ts: 0n,
          nick: '',
          text: '',
          room: '',
          file: uint8ArrayAlloc(0)
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
              obj.id = reader.string()
              break
            }
            case 3: {
              obj.kind = Envelope.Kind.codec().decode(reader)
              break
            }
            case 4: {
              obj.ts = reader.uint64()
              break
            }
            case 5: {
              obj.nick = reader.string()
              break
            }
            case 6: {
              obj.text = reader.string()
              break
            }
            case 7: {
              obj.room = reader.string()
              break
            }
            case 8: {
              obj.file = reader.bytes()
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
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.kind`,
                value: Envelope.Kind.codec().decode(reader)
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.ts`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.nick`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.room`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.file`,
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

  export interface EnvelopeVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface EnvelopeIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface EnvelopeKindFieldEvent {
    field: '$.kind'
    value: Envelope.Kind
  }

  export interface EnvelopeTsFieldEvent {
    field: '$.ts'
    value: bigint
  }

  export interface EnvelopeNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export interface EnvelopeTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface EnvelopeRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface EnvelopeFileFieldEvent {
    field: '$.file'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeVersionFieldEvent | EnvelopeIdFieldEvent | EnvelopeKindFieldEvent | EnvelopeTsFieldEvent | EnvelopeNickFieldEvent | EnvelopeTextFieldEvent | EnvelopeRoomFieldEvent | EnvelopeFileFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}
