import { afterEach, beforeEach, vi } from 'vitest'

/**
 * The timings every session-policy scenario uses, far below the stores' own lifetimes (a day), so what ends a
 * session in these tests is the policy and never the store's expiry.
 */
export const IDLE_TIMEOUT = 10 * 60_000
export const ABSOLUTE_TIMEOUT = 30 * 60_000
/** How stale "last seen" may get before a request writes it: min(idleTimeout / 10, 60 s). */
export const LAST_SEEN_RESOLUTION = 60_000
export const STORE_LIFETIME = 24 * 60 * 60_000
export const SECOND = 1000

/**
 * Fakes only `Date` in every test of the calling describe block, so sockets and store clients keep their real
 * timers; the clock starts at the real time, because some stores (PostgreSQL) compare expiry with their own clock.
 */
export function useFakeDate(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

/** Moves the faked clock forward. */
export function advance(ms: number): void {
  vi.setSystemTime(Date.now() + ms)
}

/** The faked clock's time as the ISO string sessionkit stores it. */
export function nowIso(): string {
  return new Date(Date.now()).toISOString()
}

/**
 * Ways a user keeps a session busy, each with the route both test apps answer: requests that change the
 * session, requests that only read it (a user reading pages), and reads closer together than the last-seen
 * resolution (where no request needs to write anything).
 */
export const STEADY_ACTIVITIES = [
  { name: 'writes every idleTimeout / 2', method: 'POST', path: '/count', writes: true, every: IDLE_TIMEOUT / 2 },
  { name: 'reads every idleTimeout / 2', method: 'GET', path: '/data', writes: false, every: IDLE_TIMEOUT / 2 },
  { name: 'reads every 30 seconds', method: 'GET', path: '/data', writes: false, every: LAST_SEEN_RESOLUTION / 2 },
] as const
