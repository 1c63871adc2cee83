import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Profile {
  version: number
  nick: string
  updated: bigint
}

export namespace Profile {
  let _codec: Codec<Profile>

  export const codec = (): Codec<Profile> => {
    if (_codec == null) {
      _codec = message<Profile>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(18)
          w.string(obj.nick)
        }

        if ((obj.updated != null && obj.updated !== 0n)) {
          w.uint32(24)
          w.uint64(obj.updated)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          nick: '',
          updated: 0n
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
              obj.nick = reader.string()
              break
            }
            case 3: {
              obj.updated = reader.uint64()
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
                field: `${prefix}.nick`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.updated`,
                value: reader.uint64()
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

  export interface ProfileVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface ProfileNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export interface ProfileUpdatedFieldEvent {
    field: '$.updated'
    value: bigint
  }

  export function encode (obj: Partial<Profile>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Profile.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Profile>): Profile {
    return decodeMessage(buf, Profile.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Profile>): Generator<ProfileVersionFieldEvent | ProfileNickFieldEvent | ProfileUpdatedFieldEvent> {
    return streamMessage(buf, Profile.codec(), opts)
  }
}
