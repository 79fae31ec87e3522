import { expect, vi } from 'vitest'
import type { SessionRejectionReason } from '../../src/lib/core/session-policy.ts'
import type { SessionRejection } from '../../src/lib/core/session-rejections.ts'
import { collectUnhandledRejections } from './unhandled-rejections.ts'

/** What the listener does besides recording: return, throw, or return a rejected promise. */
export type ListenerBehaviour = 'record' | 'throw' | 'reject'

/**
 * An `onSessionRejected` listener that records every event, and can be switched to fail (synchronously or
 * asynchronously) to prove a failing listener never breaks the request.
 */
export class RejectionLog<Request> {
  readonly events: Array<SessionRejection<Request>> = []
  behaviour: ListenerBehaviour = 'record'

  readonly listener = (rejection: SessionRejection<Request>): void | Promise<void> => {
    this.events.push(rejection)
    if (this.behaviour === 'throw') throw new Error('listener failed')
    if (this.behaviour === 'reject') return Promise.reject(new Error('listener failed later'))
  }

  reset(): void {
    this.events.length = 0
    this.behaviour = 'record'
  }

  /**
   * Asserts that exactly one cookie was rejected since the last reset, for `reason`, and returns the event.
   * With `rawId`: the event names the session by a hash that is not the id, and no part of the event but the
   * request itself contains the id (so logging the event never leaks a bearer secret).
   */
  expectOnly(reason: SessionRejectionReason, cookieName: string, rawId?: string): SessionRejection<Request> {
    expect(this.events.map((event) => event.reason)).toEqual([reason])
    const event = this.events[0] as SessionRejection<Request>
    expect(event.cookieName).toBe(cookieName)
    expect(event.request).toBeDefined()
    if (rawId !== undefined) {
      expect(event.sessionIdHash).toMatch(/^#[0-9a-f]{8}$/)
      expect(event.sessionIdHash).not.toContain(rawId)
      const { request: _request, ...logged } = event
      expect(JSON.stringify(logged)).not.toContain(rawId)
    }
    return event
  }
}

/**
 * Switches `log`'s listener to fail (`behaviour`), sends a tampered cookie with `request`, and asserts that the
 * request was served anyway (200, a fresh session), the rejection was reported, and nothing was left unhandled.
 */
export async function expectServedDespiteFailingListener<Request>(log: RejectionLog<Request>, behaviour: 'throw' | 'reject', request: () => Promise<Response>): Promise<void> {
  const quiet = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
  const unhandled = collectUnhandledRejections()
  try {
    log.behaviour = behaviour
    const response = await request()
    expect(response.status).toBe(200)
    expect(((await response.json()) as { count: unknown }).count).toBeNull()
    expect(log.events.map((event) => event.reason)).toEqual(['bad-signature'])
    expect(await unhandled.settle()).toEqual([])
  } finally {
    unhandled.stop()
    quiet.mockRestore()
  }
}
