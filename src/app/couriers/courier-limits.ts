/**
 * What a courier carries for others, and what we ask of couriers. Each limit
 * is a default a test may shrink (CourierLimits).
 */

/** Couriers a sealed DM is offered to: enough that one leaving or dropping it does not lose it, few enough to bound copies. */
export const COURIERS_PER_MESSAGE = 3
/** Couriers a DM is ever offered to (some refuse, some leave): it is re-offered to peers that come online later up to this. */
export const MAX_COURIERS_ASKED = 8
/** One depositor's share of a courier: a stranger flooding one recipient stops here, far below the recipient's share. */
export const PER_SENDER_BYTES = 4 * 1024 * 1024
/** One recipient's share: a busy week of DMs (~2,000 at 4 KiB sealed). */
export const PER_RECIPIENT_BYTES = 8 * 1024 * 1024
export const PER_RECIPIENT_ITEMS = 2000
/** How often expired items are swept besides on every hand-over. */
export const EXPIRY_SWEEP_MS = 10 * 60 * 1000

export interface CourierLimits {
  /** Carry for others at all (--no-courier sets false). */
  enabled: boolean
  /** Total bytes held for others (--courier-budget). */
  budget: number
  perSender: number
  perRecipient: number
  perRecipientItems: number
  /** How long couriers keep what we seal (--courier-expiry). */
  expiryMs: number
}

export function courierLimits (enabled: boolean, budget: number, expiryMs: number, overrides: Partial<CourierLimits> = {}): CourierLimits {
  return {
    enabled,
    budget,
    // A small budget keeps the same shape: one sender < one recipient < everything.
    perSender: Math.min(PER_SENDER_BYTES, Math.floor(budget / 4)),
    perRecipient: Math.min(PER_RECIPIENT_BYTES, Math.floor(budget / 2)),
    perRecipientItems: PER_RECIPIENT_ITEMS,
    expiryMs,
    ...overrides
  }
}

/** Outcomes after which a courier drops an item: the recipient has it, or it will never be taken. */
export const FINAL_OUTCOMES: ReadonlySet<string> = new Set(['taken', 'invalid', 'blocked'])
