import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startParallelSessionApp, type ParallelSessionApp, type ParallelTestStore } from '../../support/parallel-session-app.ts'

/**
 * Many small trials of overlapping requests on one session, through real HTTP (sessionkit/express on Express 5,
 * sessionkit/flash), counting what was lost or delivered twice. Each trial starts a new session and sends 4 to 8
 * requests at once whose handlers all load the session before any of them saves (the barrier of
 * test/support/parallel-session-app.ts): the worst interleaving, every time.
 */

export const TRIALS = Number(process.env.PROOF_TRIALS ?? 1000)
/** Requests per trial: 4 to 8, varying from trial to trial. */
export const parallelismOf = (trial: number): number => 4 + (trial % 5)

export interface TrialCounts {
  trials: number
  requests: number
  /** Keys (or messages) some request was told were written, missing afterwards. */
  lost: number
  /** Messages delivered more than once, or delivered that nobody added. */
  duplicated: number
}

const newCounts = (): TrialCounts => ({ trials: 0, requests: 0, lost: 0, duplicated: 0 })

/** `trials` trials of parallel requests writing different keys of one session. */
export async function runKeyTrials(app: ParallelSessionApp, trials: number): Promise<TrialCounts> {
  const counts = newCounts()
  for (let trial = 0; trial < trials; trial++) {
    const cookie = await app.newSession()
    const keys = Array.from({ length: parallelismOf(trial) }, (_, i) => `k${trial}_${i}`)
    app.overlap(keys.length)
    const statuses = await Promise.all(keys.map(async (key) => (await app.send(cookie, 'POST', `/set/${key}`)).status))
    app.endOverlap()
    expect(statuses.every((status) => status === 200)).toBe(true)
    const data = (await app.dataOf(cookie)) as Record<string, unknown>
    counts.lost += keys.filter((key) => data[key] !== key).length
    counts.trials++
    counts.requests += keys.length + 2
  }
  return counts
}

/**
 * `trials` trials of parallel flash writes: even trials add a message per request; odd ones leave a message
 * first, then one request reads the flash while the others add. Every message must be delivered exactly once.
 */
export async function runFlashTrials(app: ParallelSessionApp, trials: number): Promise<TrialCounts> {
  const counts = newCounts()
  const tally = (expected: string[], delivered: string[]): void => {
    const seen = new Map<string, number>()
    for (const message of delivered) seen.set(message, (seen.get(message) ?? 0) + 1)
    for (const message of expected) if (!seen.has(message)) counts.lost++
    for (const [message, times] of seen) counts.duplicated += expected.includes(message) ? times - 1 : times
  }
  for (let trial = 0; trial < trials; trial++) {
    const cookie = await app.newSession()
    const size = parallelismOf(trial)
    if (trial % 2 === 0) {
      const messages = Array.from({ length: size }, (_, i) => `m${trial}_${i}`)
      app.overlap(size)
      await Promise.all(messages.map((message) => app.send(cookie, 'POST', `/flash/${message}`)))
      app.endOverlap()
      tally(messages, (await app.flashOf(cookie)) as string[])
      tally([], (await app.flashOf(cookie)) as string[])
      counts.requests += size + 3
    } else {
      const first = `first${trial}`
      await app.send(cookie, 'POST', `/flash/${first}`)
      const added = Array.from({ length: size - 1 }, (_, i) => `a${trial}_${i}`)
      app.overlap(size)
      const [read] = await Promise.all([app.flashOf(cookie), ...added.map((message) => app.send(cookie, 'POST', `/flash/${message}`))])
      app.endOverlap()
      tally([first], read as string[])
      tally(added, (await app.flashOf(cookie)) as string[])
      counts.requests += size + 3
    }
    counts.trials++
  }
  return counts
}

/** Registers the key and flash trials on `name`'s store (a fresh one per describe), expecting zero losses. */
export function describeConcurrencyTrials(name: string, createStore: () => Promise<{ store: ParallelTestStore; cleanup?: () => Promise<void> }>, skip = false): void {
  describe.skipIf(skip)(`${TRIALS.toLocaleString('en')} trials of overlapping requests on ${name} (sessionkit/express on Express 5, real HTTP)`, () => {
    let app: ParallelSessionApp
    let cleanup: (() => Promise<void>) | undefined

    beforeAll(async () => {
      const created = await createStore()
      cleanup = created.cleanup
      app = await startParallelSessionApp(express, created.store, { countCalls: false })
    })
    afterAll(async () => {
      await app?.close()
      await cleanup?.()
    })

    it('parallel requests writing different keys of one session: zero lost updates', async () => {
      const started = performance.now()
      const counts = await runKeyTrials(app, TRIALS)
      console.log(`${name}, keys: ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      expect(counts).toEqual({ trials: TRIALS, requests: counts.requests, lost: 0, duplicated: 0 })
    }, 60_000)

    it('parallel flash writes (and a read among them): zero lost or duplicated messages', async () => {
      const started = performance.now()
      const counts = await runFlashTrials(app, TRIALS)
      console.log(`${name}, flash: ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      expect(counts).toEqual({ trials: TRIALS, requests: counts.requests, lost: 0, duplicated: 0 })
    }, 60_000)
  })
}
