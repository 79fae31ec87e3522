/**
 * The store failed, timed out or is unreachable. The request that needed it
 * fails with this error; the original error is kept as `cause`.
 */
export class SessionStoreError extends Error {
  override readonly name = 'SessionStoreError'
  /** The store method that failed: `get`, `set`, `touch`, `destroy`, … */
  readonly operation: string
  /** Errors from Node and drivers carry a code (`ECONNREFUSED`, …); it is kept so error handlers that branch on it keep working. */
  readonly code: string | undefined

  constructor(operation: string, cause: unknown) {
    super(`sessionkit: the session store failed to ${operation} the session: ${describeCause(cause)}`, { cause })
    this.operation = operation
    this.code = isErrorWithCode(cause) ? cause.code : undefined
  }
}

/** A store call that did not answer within `storeTimeout` milliseconds. */
export class SessionStoreTimeoutError extends Error {
  override readonly name = 'SessionStoreTimeoutError'
  readonly code = 'SESSIONKIT_STORE_TIMEOUT'
  constructor(operation: string, timeoutMs: number) {
    super(`store.${operation}() did not call back within ${timeoutMs} ms (option storeTimeout); is the store reachable?`)
  }
}

/**
 * Misuse that can be detected before the first request: a bad option value.
 * The message starts with `sessionkit:`, names the option and the value, and says how to fix it.
 */
export function invalidOptionError(option: string, value: unknown, fix: string): TypeError {
  return new TypeError(`sessionkit: option ${option} is invalid: ${describeValue(value)}. ${fix}`)
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`
  if (Buffer.isBuffer(value)) return `Buffer(${value.length})`
  if (Array.isArray(value)) return `array of ${value.length}`
  if (value === null || typeof value !== 'object') return String(value)
  return `object ${value.constructor?.name ?? 'Object'}`
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message
  return describeValue(cause)
}

function isErrorWithCode(value: unknown): value is { code: string } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
}

/**
 * express-session's rule for connect-style stores: an error with code ENOENT from a read means "no such session",
 * not a failure.
 */
export function isNotFoundError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT'
}
