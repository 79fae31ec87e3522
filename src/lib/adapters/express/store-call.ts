import { SessionStoreError, SessionStoreTimeoutError } from '../../core/errors.js'
import { debugLog } from '../../core/debug-log.js'

export type StoreCallback<T = unknown> = (err?: unknown, value?: T) => void

/**
 * Calls a callback-style store method with a callback that runs once and turns a throw into an error.
 * A store that does not answer within `timeout` ms fails with a {@link SessionStoreError}, so a hung store
 * never hangs a request. The store's own errors are passed on as they are, as express-session does, so error
 * handlers that look at their message, code or status keep working. Stores may call back synchronously;
 * no timer is created for them.
 */
export function callStore<T>(operation: string, timeout: number, invoke: (callback: StoreCallback<T>) => void, done: (err: unknown, value?: T) => void): void {
  let settled = false
  let timer: NodeJS.Timeout | undefined
  const callback: StoreCallback<T> = (err, value) => {
    if (settled) {
      debugLog('store.%s called back after it had answered or timed out; ignored', operation)
      return
    }
    settled = true
    if (timer) clearTimeout(timer)
    done(err ?? undefined, value)
  }
  try {
    invoke(callback)
  } catch (err) {
    // Thrown after the store answered: by the code its answer went to (an app's callback), not by the store.
    if (settled) throw err
    callback(err ?? new Error(`store.${operation}() threw ${String(err)}`))
    return
  }
  if (!settled && Number.isFinite(timeout)) {
    timer = setTimeout(() => callback(new SessionStoreError(operation, new SessionStoreTimeoutError(operation, timeout))), timeout)
    timer.unref()
  }
}

