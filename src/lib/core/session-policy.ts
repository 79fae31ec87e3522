import { invalidOptionError } from './errors.js'
import type { SessionMetadata } from './session-metadata.js'

/**
 * The server-side rules a session must meet to be accepted, shared by every face: idle and absolute timeouts
 * (OWASP session management: both enforced on the server, whatever the cookie says) and the user-agent binding.
 */

/** Options of every face that set the session policy. */
export interface SessionPolicyOptions {
  /**
   * A session not used for this many milliseconds is refused (a fresh one starts), whatever its cookie and its
   * store expiry say. "Last used" is recorded with the session at most every `idleTimeout / 10` (at most every
   * minute), so the check is accurate to that, and a request that only reads writes nothing in between.
   * @default undefined (no idle timeout beyond the cookie's and the store's expiry)
   */
  idleTimeout?: number
  /**
   * A session older than this many milliseconds, counted from its creation whatever the activity, is refused
   * (a fresh one starts). Regenerating the session (at login) starts the count again.
   * @default undefined (no absolute timeout)
   */
  absoluteTimeout?: number
  /**
   * Refuse a session presented by a different `User-Agent` than the one that created it (a stolen cookie
   * replayed from another browser). A browser update changes the header too, and logs its user out once.
   * @default false
   */
  bindUserAgent?: boolean
  /**
   * Give a session a new id every this many milliseconds, keeping its data, so a leaked id stops working soon
   * (OWASP: renew the id periodically). The request that rotates writes the session under the new id and turns
   * the old one into a pointer to it for 30 seconds, so parallel requests still holding the old cookie carry on
   * with the new session instead of losing the user. Not with the cookie storage, which cannot revoke. Two
   * requests that both find the session due at the same moment each rotate it (see docs/security.md).
   * @default undefined (the id changes only on regenerate)
   */
  rotateIdEvery?: number
}

/** Why a presented session cookie was not accepted. */
export type SessionRejectionReason = 'bad-signature' | 'unknown-id' | 'idle-timeout' | 'absolute-timeout' | 'user-agent-mismatch'

/** The policy after checking. */
export interface SessionPolicy {
  idleTimeout: number | undefined
  absoluteTimeout: number | undefined
  bindUserAgent: boolean
  rotateIdEvery: number | undefined
  /** Whether any rule needs metadata recorded with the session. */
  recordsMetadata: boolean
}

/** How long a rotated-away id keeps pointing to the session's new id, in milliseconds. */
export const ROTATION_GRACE = 30_000

// How stale "last seen" may get before a request writes it: a tenth of the idle timeout, at most a minute.
const MAX_LAST_SEEN_RESOLUTION = 60_000

function checkedTimeout(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value
  throw invalidOptionError(option, value, 'Pass a number of milliseconds, a positive whole number (e.g. 1800000 for 30 minutes), or leave it out.')
}

/** The policy options checked once, when a face is created; throws a `sessionkit:` TypeError naming the bad one. */
export function checkedSessionPolicy(options: SessionPolicyOptions): SessionPolicy {
  const idleTimeout = checkedTimeout('idleTimeout', options.idleTimeout)
  const absoluteTimeout = checkedTimeout('absoluteTimeout', options.absoluteTimeout)
  const bindUserAgent = options.bindUserAgent ?? false
  if (typeof bindUserAgent !== 'boolean') throw invalidOptionError('bindUserAgent', bindUserAgent, 'Pass true or false.')
  const rotateIdEvery = checkedTimeout('rotateIdEvery', options.rotateIdEvery)
  if (rotateIdEvery !== undefined && rotateIdEvery <= ROTATION_GRACE) {
    throw invalidOptionError('rotateIdEvery', rotateIdEvery, `Pass more than ${ROTATION_GRACE} milliseconds (the time an old id keeps pointing to the new one), e.g. 900000 for 15 minutes.`)
  }
  const recordsMetadata = idleTimeout !== undefined || absoluteTimeout !== undefined || bindUserAgent || rotateIdEvery !== undefined
  return { idleTimeout, absoluteTimeout, bindUserAgent, rotateIdEvery, recordsMetadata }
}

/** Why the policy refuses a stored session with `metadata` at `now`, or `undefined` when it is accepted. */
export function policyRejectionOf(policy: SessionPolicy, metadata: SessionMetadata, now: number, userAgentHash: string | undefined): SessionRejectionReason | undefined {
  const { absoluteTimeout, idleTimeout } = policy
  if (absoluteTimeout !== undefined && metadata.createdAt !== undefined && now - metadata.createdAt > absoluteTimeout) return 'absolute-timeout'
  if (idleTimeout !== undefined && metadata.lastSeenAt !== undefined && now - metadata.lastSeenAt > idleTimeout) return 'idle-timeout'
  if (policy.bindUserAgent && metadata.userAgent !== undefined && metadata.userAgent !== userAgentHash) return 'user-agent-mismatch'
  return undefined
}

/** The metadata of a session created at `now`, or `undefined` when the policy records none. */
export function metadataOfNewSession(policy: SessionPolicy, now: number, userAgentHash: string | undefined): SessionMetadata | undefined {
  if (!policy.recordsMetadata) return undefined
  const metadata: SessionMetadata = { createdAt: now }
  if (policy.idleTimeout !== undefined) metadata.lastSeenAt = now
  if (policy.bindUserAgent) metadata.userAgent = userAgentHash
  return metadata
}

/**
 * The metadata an accepted stored session should be written with at `now`, or `undefined` when what is stored
 * is good enough: "last seen" when it is older than the resolution, and whatever a session stored before the
 * policy was turned on lacks (its age then counts from now).
 */
export function metadataToRecord(policy: SessionPolicy, metadata: SessionMetadata, now: number, userAgentHash: string | undefined): SessionMetadata | undefined {
  if (!policy.recordsMetadata) return undefined
  let changed = false
  const next: SessionMetadata = { ...metadata }
  if (next.createdAt === undefined) {
    next.createdAt = now
    changed = true
  }
  const { idleTimeout } = policy
  if (idleTimeout !== undefined && (next.lastSeenAt === undefined || now - next.lastSeenAt >= Math.min(idleTimeout / 10, MAX_LAST_SEEN_RESOLUTION))) {
    next.lastSeenAt = now
    changed = true
  }
  if (policy.bindUserAgent && next.userAgent === undefined) {
    next.userAgent = userAgentHash
    changed = true
  }
  return changed ? next : undefined
}

/** Whether an accepted session with `metadata` is due for a new id at `now` (`rotateIdEvery`). */
export function rotationDue(policy: SessionPolicy, metadata: SessionMetadata, now: number): boolean {
  const { rotateIdEvery } = policy
  if (rotateIdEvery === undefined) return false
  const issuedAt = metadata.idIssuedAt ?? metadata.createdAt
  return issuedAt !== undefined && now - issuedAt >= rotateIdEvery
}

/** What the policy makes of an accepted session: the metadata to write with it (if any), and whether it gets a new id now. */
export interface PolicyAcceptance {
  readonly rejection?: undefined
  /** See {@link metadataToRecord}; `undefined` when what is stored is good enough. */
  readonly metadata: SessionMetadata | undefined
  /** Due for a new id (`rotateIdEvery`). */
  readonly rotate: boolean
}

/**
 * The policy's verdict on a stored session with `metadata`, presented at `now` by a user agent hashing to
 * `userAgentHash`: refused and why, or accepted with what to record. Every face asks this one question.
 */
export function policyVerdictOf(policy: SessionPolicy, metadata: SessionMetadata, now: number, userAgentHash: string | undefined): { readonly rejection: SessionRejectionReason } | PolicyAcceptance {
  const rejection = policyRejectionOf(policy, metadata, now, userAgentHash)
  if (rejection !== undefined) return { rejection }
  const recorded = metadataToRecord(policy, metadata, now, userAgentHash)
  return { metadata: recorded, rotate: rotationDue(policy, recorded ?? metadata, now) }
}
