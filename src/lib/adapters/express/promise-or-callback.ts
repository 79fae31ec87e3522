export type DoneCallback = (err?: unknown) => void

const ignore = (): void => {}

/**
 * The one place the express face turns a callback operation into the API express-session users know:
 * with a callback, run it and return `self` (chainable, as express-session's methods are); without one,
 * return a Promise. The Promise is marked handled, so legacy code that calls `req.session.save()` and
 * ignores the result cannot crash the process with an unhandled rejection.
 */
export function promiseOrCallback<S>(self: S, callback: DoneCallback | undefined, run: (done: DoneCallback) => void): S | Promise<void> {
  if (typeof callback === 'function') {
    run(callback)
    return self
  }
  const promise = new Promise<void>((resolve, reject) => run((err) => (err ? reject(err) : resolve())))
  promise.catch(ignore)
  return promise
}
