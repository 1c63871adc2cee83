import type { TopicScoreParams } from '@libp2p/gossipsub/score'

/**
 * Gossipsub scoring for every room topic we subscribe to (open and private).
 * What counts is invalid messages (P4): its weight is squared by the count,
 * so one odd message costs 20 and three cost 180, below gossipsub's default
 * graylist threshold (-80): from then on every RPC of the sender is ignored,
 * for minutes (the count decays by 1 % a second). Positive scores are capped
 * at 10 (topicScoreCap), so no history of good behaviour buys a flood.
 * Quiet rooms cost nothing: the mesh-delivery penalties (P3, P3b), which
 * punish peers that deliver fewer messages than expected, are off, since
 * in a chat silence is normal.
 */
export const ROOM_TOPIC_SCORE: Partial<TopicScoreParams> = {
  topicWeight: 1,
  timeInMeshWeight: 0.01,
  timeInMeshQuantum: 1_000,
  timeInMeshCap: 3_600,
  firstMessageDeliveriesWeight: 1,
  firstMessageDeliveriesDecay: 0.5,
  firstMessageDeliveriesCap: 10,
  meshMessageDeliveriesWeight: 0,
  meshMessageDeliveriesDecay: 0.5,
  meshMessageDeliveriesCap: 100,
  meshMessageDeliveriesThreshold: 1,
  meshMessageDeliveriesWindow: 10,
  meshMessageDeliveriesActivation: 5_000,
  meshFailurePenaltyWeight: 0,
  meshFailurePenaltyDecay: 0.5,
  invalidMessageDeliveriesWeight: -20,
  invalidMessageDeliveriesDecay: 0.99
}
