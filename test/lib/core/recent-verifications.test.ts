import { describe, expect, it } from 'vitest'
import { RecentVerifications } from '../../../src/lib/core/recent-verifications.ts'

describe('RecentVerifications', () => {
  it('remembers results and forgets the oldest past its limit', () => {
    const recent = new RecentVerifications<string>(2)
    recent.remember('a', 'A')
    recent.remember('b', 'B')
    recent.remember('c', 'C')
    expect(recent.get('a')).toBeUndefined()
    expect(recent.get('b')).toBe('B')
    expect(recent.get('c')).toBe('C')
  })
})
