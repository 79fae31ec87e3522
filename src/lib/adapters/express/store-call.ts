import { SessionStoreError, SessionStoreTimeoutError } from '../../core/errors.js'
import { debugLog } from '../../core/debug-log.js'

export type StoreCallback<T = unknown> = (err?: unknown, value?: T) => void

/**
 * Calls a callback-style store method with a callback that runs once, turns a throw into an error,
 * wraps errors in {@link SessionStoreError}, and gives up after `timeout` ms so a hung store never hangs a request.
 * Stores may call back synchronously; no timer is created for them.
 */
export function callStore<T>(
  operation: string,
  timeout: number,
  invoke: (callback: StoreCallback<T>) => void,
  done: (err: SessionStoreError | undefined, value?: T) => void,
): void {
  let settled = false
  let timer: NodeJS.Timeout | undefined
  const callback: StoreCallback<T> = (err, value) => {
    if (settled) {
      debugLog('store.%s called back after it had answered or timed out; ignored', operation)
      return
    }
    settled = true
    if (timer) clearTimeout(timer)
    if (err) done(err instanceof SessionStoreError ? err : new SessionStoreError(operation, err))
    else done(undefined, value)
  }
  try {
    invoke(callback)
  } catch (err) {
    callback(err ?? new Error(`store.${operation}() threw ${String(err)}`))
    return
  }
  if (!settled && Number.isFinite(timeout)) {
    timer = setTimeout(() => callback(new SessionStoreTimeoutError(operation, timeout)), timeout)
    timer.unref()
  }
}
