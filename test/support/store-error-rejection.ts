import { expect } from 'vitest'
import { SessionStoreError } from '../../src/index.ts'

/**
 * Awaits `promise`, expects it to reject with a {@link SessionStoreError} (an infrastructure fault the store
 * wrapped) and returns that error for checks of its operation, code and message.
 */
export async function expectStoreError(promise: Promise<unknown>): Promise<SessionStoreError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(error).toBeInstanceOf(SessionStoreError)
  return error as SessionStoreError
}
