/**
 * What a private-room signature covers: a fixed context string, then the
 * exact encoded bytes. The context keeps a statement signature from ever
 * being valid as a leave, a gossip record or anything else the same identity
 * key signs. Pure.
 */
const STATEMENT_CONTEXT = new TextEncoder().encode('p2pchat/private-room/statement/1\n')
const LEAVE_CONTEXT = new TextEncoder().encode('p2pchat/private-room/leave/1\n')

function prefixed (context: Uint8Array, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(context.length + bytes.length)
  out.set(context, 0)
  out.set(bytes, context.length)
  return out
}

/** The bytes an owner signs for an encoded Statement. */
export const statementSigningBytes = (statement: Uint8Array): Uint8Array => prefixed(STATEMENT_CONTEXT, statement)

/** The bytes a member signs for an encoded Leave. */
export const leaveSigningBytes = (leave: Uint8Array): Uint8Array => prefixed(LEAVE_CONTEXT, leave)

const SEALED_CONTEXT = new TextEncoder().encode('p2pchat/courier/sealed/1\n')

/**
 * The bytes the author of sealed courier content signs: the context, the
 * recipient's peer ID, the content kind, then the body. Binding the recipient
 * stops a recipient from re-sealing a DM it got to a third peer as if the
 * author had written to them.
 */
export function sealedSigningBytes (recipient: string, kind: number, body: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`${recipient}\n${kind}\n`)
  const out = new Uint8Array(SEALED_CONTEXT.length + head.length + body.length)
  out.set(SEALED_CONTEXT, 0)
  out.set(head, SEALED_CONTEXT.length)
  out.set(body, SEALED_CONTEXT.length + head.length)
  return out
}
