import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Sealed {
  version: number
  roomId: string
  epoch: bigint
  nonce: Uint8Array<ArrayBuffer>
  ciphertext: Uint8Array<ArrayBuffer>
}

export namespace Sealed {
  let _codec: Codec<Sealed>

  export const codec = (): Codec<Sealed> => {
    if (_codec == null) {
      _codec = message<Sealed>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.roomId != null && obj.roomId !== '')) {
          w.uint32(18)
          w.string(obj.roomId)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(24)
          w.uint64(obj.epoch)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.nonce)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.ciphertext)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          roomId: '',
          epoch: 0n,
          nonce: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0)
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
              obj.roomId = reader.string()
              break
            }
            case 3: {
              obj.epoch = reader.uint64()
              break
            }
            case 4: {
              obj.nonce = reader.bytes()
              break
            }
            case 5: {
              obj.ciphertext = reader.bytes()
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
                field: `${prefix}.roomId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.ciphertext`,
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

  export interface SealedVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface SealedRoomIdFieldEvent {
    field: '$.roomId'
    value: string
  }

  export interface SealedEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export interface SealedNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SealedCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Sealed>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Sealed.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Sealed>): Sealed {
    return decodeMessage(buf, Sealed.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Sealed>): Generator<SealedVersionFieldEvent | SealedRoomIdFieldEvent | SealedEpochFieldEvent | SealedNonceFieldEvent | SealedCiphertextFieldEvent> {
    return streamMessage(buf, Sealed.codec(), opts)
  }
}

export interface Statement {
  version: number
  roomId: string
  epoch: bigint
  name: string
  owner: string
  mode: Statement.Mode
  members: string[]
  reason: Statement.Reason
  target: string
  ts: bigint
  keyCommitment: Uint8Array<ArrayBuffer>
}

export namespace Statement {
  export enum Mode {
    INVITE_ANY = 'INVITE_ANY',
    INVITE_OWNER_ONLY = 'INVITE_OWNER_ONLY'
  }

  enum __ModeValues {
    INVITE_ANY = 0,
    INVITE_OWNER_ONLY = 1
  }

  export namespace Mode {
    export const codec = (): Codec<Mode> => {
      return enumeration<Mode>(__ModeValues)
    }
  }

  export enum Reason {
    CREATE = 'CREATE',
    ADD = 'ADD',
    KICK = 'KICK',
    PART = 'PART',
    MODE = 'MODE'
  }

  enum __ReasonValues {
    CREATE = 0,
    ADD = 1,
    KICK = 2,
    PART = 3,
    MODE = 4
  }

  export namespace Reason {
    export const codec = (): Codec<Reason> => {
      return enumeration<Reason>(__ReasonValues)
    }
  }

  let _codec: Codec<Statement>

  export const codec = (): Codec<Statement> => {
    if (_codec == null) {
      _codec = message<Statement>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.roomId != null && obj.roomId !== '')) {
          w.uint32(18)
          w.string(obj.roomId)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(24)
          w.uint64(obj.epoch)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(34)
          w.string(obj.name)
        }

        if ((obj.owner != null && obj.owner !== '')) {
          w.uint32(42)
          w.string(obj.owner)
        }

        if (obj.mode != null && __ModeValues[obj.mode] !== 0) {
          w.uint32(48)
          Statement.Mode.codec().encode(obj.mode, w)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(58)
            w.string(value)
          }
        }

        if (obj.reason != null && __ReasonValues[obj.reason] !== 0) {
          w.uint32(64)
          Statement.Reason.codec().encode(obj.reason, w)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(74)
          w.string(obj.target)
        }

        if ((obj.ts != null && obj.ts !== 0n)) {
          w.uint32(80)
          w.uint64(obj.ts)
        }

        if ((obj.keyCommitment != null && obj.keyCommitment.byteLength > 0)) {
          w.uint32(90)
          w.bytes(obj.keyCommitment)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          roomId: '',
          epoch: 0n,
          name: '',
          owner: '',
          mode: Mode.INVITE_ANY,
          members: [],
          reason: Reason.CREATE,
          target: '',
          ts: 0n,
          keyCommitment: uint8ArrayAlloc(0)
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
              obj.roomId = reader.string()
              break
            }
            case 3: {
              obj.epoch = reader.uint64()
              break
            }
            case 4: {
              obj.name = reader.string()
              break
            }
            case 5: {
              obj.owner = reader.string()
              break
            }
            case 6: {
              obj.mode = Statement.Mode.codec().decode(reader)
              break
            }
            case 7: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(reader.string())
              break
            }
            case 8: {
              obj.reason = Statement.Reason.codec().decode(reader)
              break
            }
            case 9: {
              obj.target = reader.string()
              break
            }
            case 10: {
              obj.ts = reader.uint64()
              break
            }
            case 11: {
              obj.keyCommitment = reader.bytes()
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
          members: 0
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
                field: `${prefix}.roomId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.owner`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.mode`,
                value: Statement.Mode.codec().decode(reader)
              }
              break
            }
            case 7: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              yield {
                field: `${prefix}.members[]`,
                index: obj.members,
                value: reader.string()
              }

              obj.members++

              break
            }
            case 8: {
              yield {
                field: `${prefix}.reason`,
                value: Statement.Reason.codec().decode(reader)
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.ts`,
                value: reader.uint64()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.keyCommitment`,
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

  export interface StatementVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface StatementRoomIdFieldEvent {
    field: '$.roomId'
    value: string
  }

  export interface StatementEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export interface StatementNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface StatementOwnerFieldEvent {
    field: '$.owner'
    value: string
  }

  export interface StatementModeFieldEvent {
    field: '$.mode'
    value: Statement.Mode
  }

  export interface StatementMembersFieldEvent {
    field: '$.members[]'
    index: number
    value: string
  }

  export interface StatementReasonFieldEvent {
    field: '$.reason'
    value: Statement.Reason
  }

  export interface StatementTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface StatementTsFieldEvent {
    field: '$.ts'
    value: bigint
  }

  export interface StatementKeyCommitmentFieldEvent {
    field: '$.keyCommitment'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Statement>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Statement.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Statement>): Statement {
    return decodeMessage(buf, Statement.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Statement>): Generator<StatementVersionFieldEvent | StatementRoomIdFieldEvent | StatementEpochFieldEvent | StatementNameFieldEvent | StatementOwnerFieldEvent | StatementModeFieldEvent | StatementMembersFieldEvent | StatementReasonFieldEvent | StatementTargetFieldEvent | StatementTsFieldEvent | StatementKeyCommitmentFieldEvent> {
    return streamMessage(buf, Statement.codec(), opts)
  }
}

export interface SignedStatement {
  statement: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
  proof: Uint8Array<ArrayBuffer>
}

export namespace SignedStatement {
  let _codec: Codec<SignedStatement>

  export const codec = (): Codec<SignedStatement> => {
    if (_codec == null) {
      _codec = message<SignedStatement>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.statement != null && obj.statement.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.statement)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if ((obj.proof != null && obj.proof.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.proof)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          statement: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0),
          proof: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.statement = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            case 3: {
              obj.proof = reader.bytes()
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
                field: `${prefix}.statement`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.proof`,
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

  export interface SignedStatementStatementFieldEvent {
    field: '$.statement'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedStatementSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedStatementProofFieldEvent {
    field: '$.proof'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedStatement>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedStatement.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedStatement>): SignedStatement {
    return decodeMessage(buf, SignedStatement.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedStatement>): Generator<SignedStatementStatementFieldEvent | SignedStatementSignatureFieldEvent | SignedStatementProofFieldEvent> {
    return streamMessage(buf, SignedStatement.codec(), opts)
  }
}

export interface Leave {
  version: number
  roomId: string
  epoch: bigint
  member: string
}

export namespace Leave {
  let _codec: Codec<Leave>

  export const codec = (): Codec<Leave> => {
    if (_codec == null) {
      _codec = message<Leave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.roomId != null && obj.roomId !== '')) {
          w.uint32(18)
          w.string(obj.roomId)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(24)
          w.uint64(obj.epoch)
        }

        if ((obj.member != null && obj.member !== '')) {
          w.uint32(34)
          w.string(obj.member)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          roomId: '',
          epoch: 0n,
          member: ''
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
              obj.roomId = reader.string()
              break
            }
            case 3: {
              obj.epoch = reader.uint64()
              break
            }
            case 4: {
              obj.member = reader.string()
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
                field: `${prefix}.roomId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.member`,
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

  export interface LeaveVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface LeaveRoomIdFieldEvent {
    field: '$.roomId'
    value: string
  }

  export interface LeaveEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export interface LeaveMemberFieldEvent {
    field: '$.member'
    value: string
  }

  export function encode (obj: Partial<Leave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Leave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Leave>): Leave {
    return decodeMessage(buf, Leave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Leave>): Generator<LeaveVersionFieldEvent | LeaveRoomIdFieldEvent | LeaveEpochFieldEvent | LeaveMemberFieldEvent> {
    return streamMessage(buf, Leave.codec(), opts)
  }
}

export interface SignedLeave {
  leave: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedLeave {
  let _codec: Codec<SignedLeave>

  export const codec = (): Codec<SignedLeave> => {
    if (_codec == null) {
      _codec = message<SignedLeave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.leave != null && obj.leave.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.leave)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          leave: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.leave = reader.bytes()
              break
            }
            case 2: {
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
                field: `${prefix}.leave`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
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

  export interface SignedLeaveLeaveFieldEvent {
    field: '$.leave'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedLeaveSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedLeave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedLeave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedLeave>): SignedLeave {
    return decodeMessage(buf, SignedLeave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedLeave>): Generator<SignedLeaveLeaveFieldEvent | SignedLeaveSignatureFieldEvent> {
    return streamMessage(buf, SignedLeave.codec(), opts)
  }
}

export interface KeyUpdate {
  statement: Uint8Array<ArrayBuffer>
  key: Uint8Array<ArrayBuffer>
}

export namespace KeyUpdate {
  let _codec: Codec<KeyUpdate>

  export const codec = (): Codec<KeyUpdate> => {
    if (_codec == null) {
      _codec = message<KeyUpdate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.statement != null && obj.statement.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.statement)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.key)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          statement: uint8ArrayAlloc(0),
          key: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.statement = reader.bytes()
              break
            }
            case 2: {
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
                field: `${prefix}.statement`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
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

  export interface KeyUpdateStatementFieldEvent {
    field: '$.statement'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KeyUpdateKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<KeyUpdate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KeyUpdate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyUpdate>): KeyUpdate {
    return decodeMessage(buf, KeyUpdate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyUpdate>): Generator<KeyUpdateStatementFieldEvent | KeyUpdateKeyFieldEvent> {
    return streamMessage(buf, KeyUpdate.codec(), opts)
  }
}

export interface Invite {
  statement: Uint8Array<ArrayBuffer>
}

export namespace Invite {
  let _codec: Codec<Invite>

  export const codec = (): Codec<Invite> => {
    if (_codec == null) {
      _codec = message<Invite>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.statement != null && obj.statement.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.statement)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          statement: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.statement = reader.bytes()
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
                field: `${prefix}.statement`,
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

  export interface InviteStatementFieldEvent {
    field: '$.statement'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Invite>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Invite.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Invite {
    return decodeMessage(buf, Invite.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Generator<InviteStatementFieldEvent> {
    return streamMessage(buf, Invite.codec(), opts)
  }
}

export interface InviteAnswer {
  roomId: string
  accepted: boolean
}

export namespace InviteAnswer {
  let _codec: Codec<InviteAnswer>

  export const codec = (): Codec<InviteAnswer> => {
    if (_codec == null) {
      _codec = message<InviteAnswer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.roomId != null && obj.roomId !== '')) {
          w.uint32(10)
          w.string(obj.roomId)
        }

        if ((obj.accepted != null && obj.accepted !== false)) {
          w.uint32(16)
          w.bool(obj.accepted)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          roomId: '',
          accepted: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.roomId = reader.string()
              break
            }
            case 2: {
              obj.accepted = reader.bool()
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
                field: `${prefix}.roomId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.accepted`,
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

  export interface InviteAnswerRoomIdFieldEvent {
    field: '$.roomId'
    value: string
  }

  export interface InviteAnswerAcceptedFieldEvent {
    field: '$.accepted'
    value: boolean
  }

  export function encode (obj: Partial<InviteAnswer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InviteAnswer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InviteAnswer>): InviteAnswer {
    return decodeMessage(buf, InviteAnswer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InviteAnswer>): Generator<InviteAnswerRoomIdFieldEvent | InviteAnswerAcceptedFieldEvent> {
    return streamMessage(buf, InviteAnswer.codec(), opts)
  }
}

export interface AddRequest {
  roomId: string
  invitee: string
}

export namespace AddRequest {
  let _codec: Codec<AddRequest>

  export const codec = (): Codec<AddRequest> => {
    if (_codec == null) {
      _codec = message<AddRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.roomId != null && obj.roomId !== '')) {
          w.uint32(10)
          w.string(obj.roomId)
        }

        if ((obj.invitee != null && obj.invitee !== '')) {
          w.uint32(18)
          w.string(obj.invitee)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          roomId: '',
          invitee: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.roomId = reader.string()
              break
            }
            case 2: {
              obj.invitee = reader.string()
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
                field: `${prefix}.roomId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.invitee`,
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

  export interface AddRequestRoomIdFieldEvent {
    field: '$.roomId'
    value: string
  }

  export interface AddRequestInviteeFieldEvent {
    field: '$.invitee'
    value: string
  }

  export function encode (obj: Partial<AddRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AddRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AddRequest>): AddRequest {
    return decodeMessage(buf, AddRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AddRequest>): Generator<AddRequestRoomIdFieldEvent | AddRequestInviteeFieldEvent> {
    return streamMessage(buf, AddRequest.codec(), opts)
  }
}

export interface KeyRequest {
  roomId: string
  epoch: bigint
}

export namespace KeyRequest {
  let _codec: Codec<KeyRequest>

  export const codec = (): Codec<KeyRequest> => {
    if (_codec == null) {
      _codec = message<KeyRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.roomId != null && obj.roomId !== '')) {
          w.uint32(10)
          w.string(obj.roomId)
        }

        if ((obj.epoch != null && obj.epoch !== 0n)) {
          w.uint32(16)
          w.uint64(obj.epoch)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          roomId: '',
          epoch: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.roomId = reader.string()
              break
            }
            case 2: {
              obj.epoch = reader.uint64()
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
                field: `${prefix}.roomId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.epoch`,
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

  export interface KeyRequestRoomIdFieldEvent {
    field: '$.roomId'
    value: string
  }

  export interface KeyRequestEpochFieldEvent {
    field: '$.epoch'
    value: bigint
  }

  export function encode (obj: Partial<KeyRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KeyRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyRequest>): KeyRequest {
    return decodeMessage(buf, KeyRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyRequest>): Generator<KeyRequestRoomIdFieldEvent | KeyRequestEpochFieldEvent> {
    return streamMessage(buf, KeyRequest.codec(), opts)
  }
}

export interface PrivateControl {
  version: number
  id: string
  keyUpdate: Uint8Array<ArrayBuffer>
  invite: Uint8Array<ArrayBuffer>
  inviteAnswer: Uint8Array<ArrayBuffer>
  addRequest: Uint8Array<ArrayBuffer>
  leave: Uint8Array<ArrayBuffer>
  keyRequest: Uint8Array<ArrayBuffer>
}

export namespace PrivateControl {
  let _codec: Codec<PrivateControl>

  export const codec = (): Codec<PrivateControl> => {
    if (_codec == null) {
      _codec = message<PrivateControl>((obj, w, opts = {}) => {
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

        if ((obj.keyUpdate != null && obj.keyUpdate.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.keyUpdate)
        }

        if ((obj.invite != null && obj.invite.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.invite)
        }

        if ((obj.inviteAnswer != null && obj.inviteAnswer.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.inviteAnswer)
        }

        if ((obj.addRequest != null && obj.addRequest.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.addRequest)
        }

        if ((obj.leave != null && obj.leave.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.leave)
        }

        if ((obj.keyRequest != null && obj.keyRequest.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.keyRequest)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          id: '',
          keyUpdate: uint8ArrayAlloc(0),
          invite: uint8ArrayAlloc(0),
          inviteAnswer: uint8ArrayAlloc(0),
          addRequest: uint8ArrayAlloc(0),
          leave: uint8ArrayAlloc(0),
          keyRequest: uint8ArrayAlloc(0)
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
              obj.keyUpdate = reader.bytes()
              break
            }
            case 4: {
              obj.invite = reader.bytes()
              break
            }
            case 5: {
              obj.inviteAnswer = reader.bytes()
              break
            }
            case 6: {
              obj.addRequest = reader.bytes()
              break
            }
            case 7: {
              obj.leave = reader.bytes()
              break
            }
            case 8: {
              obj.keyRequest = reader.bytes()
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
                field: `${prefix}.keyUpdate`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.invite`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.inviteAnswer`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.addRequest`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.leave`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.keyRequest`,
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

  export interface PrivateControlVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface PrivateControlIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface PrivateControlKeyUpdateFieldEvent {
    field: '$.keyUpdate'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateControlInviteFieldEvent {
    field: '$.invite'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateControlInviteAnswerFieldEvent {
    field: '$.inviteAnswer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateControlAddRequestFieldEvent {
    field: '$.addRequest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateControlLeaveFieldEvent {
    field: '$.leave'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateControlKeyRequestFieldEvent {
    field: '$.keyRequest'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PrivateControl>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PrivateControl.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrivateControl>): PrivateControl {
    return decodeMessage(buf, PrivateControl.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrivateControl>): Generator<PrivateControlVersionFieldEvent | PrivateControlIdFieldEvent | PrivateControlKeyUpdateFieldEvent | PrivateControlInviteFieldEvent | PrivateControlInviteAnswerFieldEvent | PrivateControlAddRequestFieldEvent | PrivateControlLeaveFieldEvent | PrivateControlKeyRequestFieldEvent> {
    return streamMessage(buf, PrivateControl.codec(), opts)
  }
}
