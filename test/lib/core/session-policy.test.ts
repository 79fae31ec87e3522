import { describe, expect, it } from 'vitest'
import type { SessionMetadata } from '../../../src/lib/core/session-metadata.ts'
import { checkedSessionPolicy, metadataOfNewSession, metadataToRecord, policyRejectionOf, type SessionPolicy } from '../../../src/lib/core/session-policy.ts'

const MINUTE = 60_000
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const UA = 'hash-of-browser-a'

const policyOf = (options: Parameters<typeof checkedSessionPolicy>[0]): SessionPolicy => checkedSessionPolicy(options)
const idle10 = policyOf({ idleTimeout: 10 * MINUTE })
const absolute30 = policyOf({ absoluteTimeout: 30 * MINUTE })
const bound = policyOf({ bindUserAgent: true })
const all = policyOf({ idleTimeout: 10 * MINUTE, absoluteTimeout: 30 * MINUTE, bindUserAgent: true })

describe('checkedSessionPolicy', () => {
  it.each([
    [{}, { idleTimeout: undefined, absoluteTimeout: undefined, bindUserAgent: false, recordsMetadata: false }],
    [{ bindUserAgent: false }, { idleTimeout: undefined, absoluteTimeout: undefined, bindUserAgent: false, recordsMetadata: false }],
    [{ idleTimeout: 1 }, { idleTimeout: 1, absoluteTimeout: undefined, bindUserAgent: false, recordsMetadata: true }],
    [{ absoluteTimeout: 86_400_000 }, { idleTimeout: undefined, absoluteTimeout: 86_400_000, bindUserAgent: false, recordsMetadata: true }],
    [{ bindUserAgent: true }, { idleTimeout: undefined, absoluteTimeout: undefined, bindUserAgent: true, recordsMetadata: true }],
  ])('accepts %j', (options, policy) => {
    expect(checkedSessionPolicy(options)).toEqual(policy)
  })

  it.each([
    ['idleTimeout', 0, 'sessionkit: option idleTimeout is invalid: 0.'],
    ['idleTimeout', -1, 'sessionkit: option idleTimeout is invalid: -1.'],
    ['idleTimeout', 1.5, 'sessionkit: option idleTimeout is invalid: 1.5.'],
    ['idleTimeout', '30m', 'sessionkit: option idleTimeout is invalid: "30m".'],
    ['idleTimeout', Number.POSITIVE_INFINITY, 'sessionkit: option idleTimeout is invalid'],
    ['idleTimeout', Number.NaN, 'sessionkit: option idleTimeout is invalid'],
    ['idleTimeout', null, 'sessionkit: option idleTimeout is invalid: null.'],
    ['absoluteTimeout', 0, 'sessionkit: option absoluteTimeout is invalid: 0.'],
    ['absoluteTimeout', '1d', 'sessionkit: option absoluteTimeout is invalid: "1d".'],
    ['bindUserAgent', 'yes', 'sessionkit: option bindUserAgent is invalid: "yes". Pass true or false.'],
    ['bindUserAgent', 1, 'sessionkit: option bindUserAgent is invalid: 1. Pass true or false.'],
  ])('refuses %s: %s', (option, value, message) => {
    expect(() => checkedSessionPolicy({ [option]: value })).toThrow(TypeError)
    expect(() => checkedSessionPolicy({ [option]: value })).toThrow(message)
  })
})

describe('policyRejectionOf', () => {
  it.each<[string, SessionPolicy, SessionMetadata, string | undefined, ReturnType<typeof policyRejectionOf>]>([
    ['idle: seen exactly idleTimeout ago', idle10, { lastSeenAt: NOW - 10 * MINUTE }, undefined, undefined],
    ['idle: seen 1 ms more than idleTimeout ago', idle10, { lastSeenAt: NOW - 10 * MINUTE - 1 }, undefined, 'idle-timeout'],
    ['idle: never seen (stored before the policy)', idle10, {}, undefined, undefined],
    ['absolute: created exactly absoluteTimeout ago', absolute30, { createdAt: NOW - 30 * MINUTE }, undefined, undefined],
    ['absolute: created 1 ms more ago', absolute30, { createdAt: NOW - 30 * MINUTE - 1 }, undefined, 'absolute-timeout'],
    ['absolute: recent activity does not help', all, { createdAt: NOW - 31 * MINUTE, lastSeenAt: NOW, userAgent: UA }, UA, 'absolute-timeout'],
    ['absolute wins over idle when both ran out', all, { createdAt: NOW - 31 * MINUTE, lastSeenAt: NOW - 11 * MINUTE, userAgent: UA }, UA, 'absolute-timeout'],
    ['a timeout wins over another user agent', all, { createdAt: NOW, lastSeenAt: NOW - 11 * MINUTE, userAgent: UA }, 'other', 'idle-timeout'],
    ['user agent: the same', bound, { userAgent: UA }, UA, undefined],
    ['user agent: another', bound, { userAgent: UA }, 'other', 'user-agent-mismatch'],
    ['user agent: none recorded (stored before the policy)', bound, {}, 'other', undefined],
    ['user agent: not checked when binding is off', idle10, { userAgent: UA, lastSeenAt: NOW }, 'other', undefined],
    ['no policy refuses nothing', policyOf({}), { createdAt: 0, lastSeenAt: 0, userAgent: UA }, 'other', undefined],
  ])('%s', (_case, policy, metadata, userAgentHash, reason) => {
    expect(policyRejectionOf(policy, metadata, NOW, userAgentHash)).toBe(reason)
  })
})

describe('metadataOfNewSession', () => {
  it.each<[string, SessionPolicy, SessionMetadata | undefined]>([
    ['no policy: nothing recorded', policyOf({}), undefined],
    ['idle: creation and last seen', idle10, { createdAt: NOW, lastSeenAt: NOW }],
    ['absolute: creation only', absolute30, { createdAt: NOW }],
    ['bindUserAgent: creation and the user agent hash', bound, { createdAt: NOW, userAgent: UA }],
    ['all', all, { createdAt: NOW, lastSeenAt: NOW, userAgent: UA }],
  ])('%s', (_case, policy, metadata) => {
    expect(metadataOfNewSession(policy, NOW, UA)).toEqual(metadata)
  })
})

describe('metadataToRecord', () => {
  it.each<[string, SessionPolicy, SessionMetadata, SessionMetadata | undefined]>([
    ['no policy: nothing to write', policyOf({}), {}, undefined],
    // idleTimeout 10 min: the resolution is min(1 min, 60 s) = 60 s.
    ['last seen 59.999 s ago: within the resolution, nothing to write', idle10, { createdAt: NOW - MINUTE, lastSeenAt: NOW - MINUTE + 1 }, undefined],
    ['last seen 60 s ago: written', idle10, { createdAt: NOW - MINUTE, lastSeenAt: NOW - MINUTE }, { createdAt: NOW - MINUTE, lastSeenAt: NOW }],
    // idleTimeout 100 s: the resolution is a tenth, 10 s.
    ['short idle timeout, seen 9 s ago: nothing', policyOf({ idleTimeout: 100_000 }), { createdAt: NOW, lastSeenAt: NOW - 9_000 }, undefined],
    ['short idle timeout, seen 10 s ago: written', policyOf({ idleTimeout: 100_000 }), { createdAt: NOW, lastSeenAt: NOW - 10_000 }, { createdAt: NOW, lastSeenAt: NOW }],
    // idleTimeout 2 h: a tenth would be 12 min; capped at a minute.
    ['long idle timeout, seen 61 s ago: written (capped at a minute)', policyOf({ idleTimeout: 120 * MINUTE }), { createdAt: NOW, lastSeenAt: NOW - 61_000 }, { createdAt: NOW, lastSeenAt: NOW }],
    ['stored before the policy: its age counts from now', all, {}, { createdAt: NOW, lastSeenAt: NOW, userAgent: UA }],
    ['absolute only, created earlier: nothing', absolute30, { createdAt: NOW - MINUTE }, undefined],
    ['absolute only, no creation recorded: from now', absolute30, {}, { createdAt: NOW }],
    ['binding turned on later: the user agent is recorded', bound, { createdAt: NOW - MINUTE }, { createdAt: NOW - MINUTE, userAgent: UA }],
    ['the recorded user agent is kept', bound, { createdAt: NOW, userAgent: 'first' }, undefined],
  ])('%s', (_case, policy, metadata, next) => {
    expect(metadataToRecord(policy, metadata, NOW, UA)).toEqual(next)
  })

  it('does not change the metadata it is given', () => {
    const metadata: SessionMetadata = { createdAt: NOW - MINUTE, lastSeenAt: NOW - MINUTE }
    metadataToRecord(idle10, metadata, NOW, UA)
    expect(metadata).toEqual({ createdAt: NOW - MINUTE, lastSeenAt: NOW - MINUTE })
  })
})
