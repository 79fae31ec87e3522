/**
 * A store's answer, now or later. The core's store contract answers with Promises; the express face's
 * callback stores (its default MemoryStore among them) may call back at once, and the express face passes such
 * answers on as plain values, so a request on them creates no Promise and waits for no microtask.
 */
export type Awaitable<T> = T | PromiseLike<T>

export function isThenable<T>(value: Awaitable<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function'
}

/** `answer.then(next)`, run at once when the answer is already there. */
export function whenReady<T, R>(answer: Awaitable<T>, next: (value: T) => Awaitable<R>): Awaitable<R> {
  return isThenable(answer) ? answer.then(next) : next(answer)
}

/**
 * Hands the answer to `onValue`, at once when it is there, else when it comes; a failure to `onError`. A throw
 * from `onValue` reaches the caller when the answer was there, as any synchronous callback's does.
 */
export function whenAnswered<T>(answer: Awaitable<T>, onValue: (value: T) => void, onError: (error: unknown) => void): void {
  if (isThenable(answer)) answer.then(onValue, onError)
  else onValue(answer)
}
