import express from 'express'
import expressSession from 'express-session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../src/express.ts'
import { createMemoryStore } from '../../../src/index.ts'
import { startParallelSessionApp, type ParallelSessionApp, type ParallelTestStore } from '../../support/parallel-session-app.ts'
import { describeConcurrencyTrials, runFlashTrials, runKeyTrials } from '../support/concurrency-trials.ts'

/**
 * Concurrency proof on the memory stores: the express face's default MemoryStore and the core BoundedMemoryStore
 * (a sessionkit store, through its partial writes). Plus the harness's own check: on express-session's
 * MemoryStore, which the express face writes whole, the same trials do lose updates and messages.
 */

describeConcurrencyTrials('the default MemoryStore (sessionkit/express)', async () => ({ store: new session.MemoryStore() }))

describeConcurrencyTrials('BoundedMemoryStore (sessionkit)', async () => {
  const store = createMemoryStore()
  return { store, cleanup: () => store.close() }
})

describe('the trials can fail: on a store written whole (express-session 1.19 MemoryStore)', () => {
  let app: ParallelSessionApp

  beforeAll(async () => {
    app = await startParallelSessionApp(express, new expressSession.MemoryStore() as unknown as ParallelTestStore, { countCalls: false })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('loses updates: every trial keeps only one of its keys', async () => {
    const counts = await runKeyTrials(app, 20)
    // 20 trials of 4 to 8 writers, each saving the session it loaded plus its key: the last save wins.
    expect(counts.lost).toBe(Array.from({ length: 20 }, (_, trial) => 4 + (trial % 5) - 1).reduce((a, b) => a + b))
  })

  it('loses flash messages', async () => {
    const counts = await runFlashTrials(app, 20)
    expect(counts.lost).toBeGreaterThan(0)
  })
})
