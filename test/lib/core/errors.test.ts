import { describe, expect, it } from 'vitest'
import { invalidOptionError, SessionStoreError } from '../../../src/lib/core/errors.ts'

describe('SessionStoreError', () => {
  it('names the operation, keeps the cause and its code', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })
    const error = new SessionStoreError('get', cause)
    expect(error.message).toBe('sessionkit: the session store failed to get the session: connect ECONNREFUSED 127.0.0.1:6379')
    expect(error.cause).toBe(cause)
    expect(error.code).toBe('ECONNREFUSED')
    expect(error.operation).toBe('get')
    expect(error.name).toBe('SessionStoreError')
  })

  it('describes a non-Error cause', () => {
    expect(new SessionStoreError('set', 'boom').message).toContain('"boom"')
  })
})

describe('invalidOptionError', () => {
  it('starts with sessionkit:, names the option and value, and says how to fix it', () => {
    const error = invalidOptionError('maxSessions', -1, 'Pass a positive whole number.')
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toBe('sessionkit: option maxSessions is invalid: -1. Pass a positive whole number.')
  })
})
