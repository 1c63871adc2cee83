import { leaveSigningBytes, statementSigningBytes } from '../../crypto/signing-context.js'
import type { Signer } from '../../net/signatures.js'
import { verifySignature } from '../../net/signatures.js'
import {
  decodeSignedStatement, encodeLeave, encodeSignedStatement, encodeStatement, statementParts,
  type LeaveFields, type SignedLeaveFields, type SignedStatementFields, type StatementFields
} from '../../protocol/private-room.js'

/**
 * Signing and checking private-room statements and leaves with peers'
 * identity keys (Ed25519; the public key is inside the peer id, so nobody
 * has to be trusted to hand it over).
 */

/** Signs a statement as its owner; the result is ready to send and to store. */
export async function signStatement (signer: Signer, statement: StatementFields, proof?: SignedLeaveFields): Promise<{ signed: SignedStatementFields, encoded: Uint8Array }> {
  const bytes = encodeStatement(statement)
  const signature = await signer.sign(statementSigningBytes(bytes))
  const signed: SignedStatementFields = { bytes, statement, signature, ...(proof === undefined ? {} : { proof }) }
  return { signed, encoded: encodeSignedStatement(statementParts(signed)) }
}

/** Signs our own leave. */
export async function signLeave (signer: Signer, leave: LeaveFields): Promise<SignedLeaveFields> {
  const bytes = encodeLeave(leave)
  return { bytes, leave, signature: await signer.sign(leaveSigningBytes(bytes)) }
}

/** True when the statement's owner signed exactly these bytes; never throws. */
export async function statementSignatureValid (s: SignedStatementFields): Promise<boolean> {
  return await verifySignature(s.statement.owner, statementSigningBytes(s.bytes), s.signature)
}

/** True when the leaver signed exactly these bytes; never throws. */
export async function leaveSignatureValid (l: SignedLeaveFields): Promise<boolean> {
  return await verifySignature(l.leave.member, leaveSigningBytes(l.bytes), l.signature)
}

/** The proof inside a statement, when present and validly signed by its leaver. */
export async function verifiedProof (s: SignedStatementFields): Promise<LeaveFields | undefined> {
  if (s.proof === undefined) return undefined
  return await leaveSignatureValid(s.proof) ? s.proof.leave : undefined
}

/** Re-reads a stored signed statement (trusted: we checked it when it arrived). */
export const readSignedStatement = (encoded: Uint8Array): SignedStatementFields => decodeSignedStatement(encoded)
