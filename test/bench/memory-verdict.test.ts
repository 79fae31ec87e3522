// The memory verdict (bench/memory-store.js): sessionkit's growth once its store is full must not be made up by
// one sample the allocator caught low, and must still show real growth.
import { describe, expect, it } from 'vitest'
import { memoryVerdict, type MemorySample } from '../../bench/memory-store.js'

const MiB = 1048576
const EVERY = 100_000

function samples(rssMiB: number[]): MemorySample[] {
  return rssMiB.map((rss, i) => ({ visitors: i === 0 ? 1 : i * EVERY, rss: rss * MiB, heapUsed: 28 * MiB, storeSessions: 49_988, storeBytes: 17 * MiB }))
}

const expressSession = samples([53, 156, 240, 320])

describe('memoryVerdict', () => {
  it('reads a flat line with one low sample at 200k as flat (the endpoints alone said +38 MiB)', () => {
    const verdict = memoryVerdict(samples([53, 180, 152, 193, 188, 194, 193, 191, 193, 193, 190]), expressSession, EVERY)
    expect(verdict.sessionkit.rssGrowthMiB).toBeGreaterThan(-5)
    expect(verdict.sessionkit.rssGrowthMiB).toBeLessThan(5)
    expect(verdict.sessionkit).toMatchObject({ fromVisitors: 200_000, earlyToVisitors: 500_000, lateFromVisitors: 600_000, toVisitors: 1_000_000 })
  })

  it('shows growth that is really there', () => {
    const verdict = memoryVerdict(samples([53, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190]), expressSession, EVERY)
    // 200k–500k: median 125 MiB; 600k–1M: median 170 MiB.
    expect(verdict.sessionkit.rssGrowthMiB).toBe(45)
  })

  it("gives express-session's growth per 100k visitors from its 100k sample", () => {
    expect(memoryVerdict(samples([53, 180, 181, 182]), expressSession, EVERY).expressSession.rssGrowthPer100kMiB).toBe(82)
  })
})
