/**
 * How a reconciliation ends badly. Both mean "drop this peer for this sync";
 * the ids learned before the error are real and may still be fetched.
 */
import { P2PChatError } from '../errors.js'

/** The responder broke the protocol: garbage, ranges out of order or outside the question, lists too long, a diff that contradicts us. */
export class ReconcileProtocolError extends P2PChatError {
  constructor (message: string) { super('RECONCILE_PROTOCOL', message, 1) }
}

/** The sync hit a bound (rounds, bytes, open ranges, result size): a liar that never converges, or a room beyond our limits. */
export class ReconcileLimitError extends P2PChatError {
  constructor (message: string) { super('RECONCILE_LIMIT', message, 1) }
}
