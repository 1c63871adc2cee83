import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DmFrame {
  message: Uint8Array<ArrayBuffer>
  ack: string
  reject: string
  control: Uint8Array<ArrayBuffer>
  reason: string
}

export namespace DmFrame {
  let _codec: Codec<DmFrame>

  export const codec = (): Codec<DmFrame> => {
    if (_codec == null) {
      _codec = message<DmFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.message != null && obj.message.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.message)
        }

        if ((obj.ack != null && obj.ack !== '')) {
          w.uint32(18)
          w.string(obj.ack)
        }

        if ((obj.reject != null && obj.reject !== '')) {
          w.uint32(26)
          w.string(obj.reject)
        }

        if ((obj.control != null && obj.control.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.control)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(42)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          message: uint8ArrayAlloc(0),
          ack: '',
          reject: '',
          control: uint8ArrayAlloc(0),
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.message = reader.bytes()
              break
            }
            case 2: {
              obj.ack = reader.string()
              break
            }
            case 3: {
              obj.reject = reader.string()
              break
            }
            case 4: {
              obj.control = reader.bytes()
              break
            }
            case 5: {
              obj.reason = reader.string()
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
                field: `${prefix}.message`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ack`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.reject`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.control`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.reason`,
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

  export interface DmFrameMessageFieldEvent {
    field: '$.message'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DmFrameAckFieldEvent {
    field: '$.ack'
    value: string
  }

  export interface DmFrameRejectFieldEvent {
    field: '$.reject'
    value: string
  }

  export interface DmFrameControlFieldEvent {
    field: '$.control'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DmFrameReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<DmFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DmFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmFrame>): DmFrame {
    return decodeMessage(buf, DmFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmFrame>): Generator<DmFrameMessageFieldEvent | DmFrameAckFieldEvent | DmFrameRejectFieldEvent | DmFrameControlFieldEvent | DmFrameReasonFieldEvent> {
    return streamMessage(buf, DmFrame.codec(), opts)
  }
}
