import { describe, expect, it } from 'vitest'
import { generateSessionId } from '../../../src/lib/core/session-id.ts'

describe('generateSessionId', () => {
  it('is 32 base64url characters (192 bits), like uid-safe(24)', () => {
    expect(generateSessionId()).toMatch(/^[A-Za-z0-9_-]{32}$/)
  })

  it('never repeats across many pool refills', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => generateSessionId()))
    expect(ids.size).toBe(5000)
  })
})
