import { SessionStoreError, SessionStoreTimeoutError } from './errors.js'

/**
 * Runs one call of a Promise-based store with a time limit: a store that does not answer within `timeout`
 * milliseconds (or fails) rejects with a {@link SessionStoreError} naming the operation, so a hung store never
 * hangs a request. `Infinity` waits forever.
 */
export async function callStoreWithin<T>(operation: string, timeout: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    const call = run()
    if (!Number.isFinite(timeout)) return await call
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SessionStoreTimeoutError(operation, timeout)), timeout)
      timer.unref()
    })
    return await Promise.race([call, expired])
  } catch (error) {
    throw error instanceof SessionStoreError ? error : new SessionStoreError(operation, error)
  } finally {
    if (timer) clearTimeout(timer)
  }
}
