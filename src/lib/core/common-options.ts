import { invalidOptionError } from './errors.js'

/**
 * Checks of the options every face shares, so the express face and the storages accept and reject the same
 * values with the same messages.
 */

/** RFC 6265 cookie-name: an RFC 7230 token. */
export const COOKIE_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Milliseconds a store call may take unless told otherwise. */
export const DEFAULT_STORE_TIMEOUT = 10_000

/** `storeTimeout`, checked: a number of milliseconds above 0, `Infinity` to wait forever. */
export function checkedStoreTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_STORE_TIMEOUT
  if (typeof value === 'number' && value > 0 && !Number.isNaN(value)) return value
  throw invalidOptionError('storeTimeout', value, 'Pass a number of milliseconds greater than 0 (Infinity to wait forever).')
}
