import type { ServerResponse } from 'node:http'
import { describeValue } from '../../core/errors.js'
import { readOrAddFlash, type FlashFunction, type FlashMessages } from './flash-messages.js'

/** Options of `flash(options)`. */
export interface FlashOptions {
  /** Replace a `req.flash` another middleware installed (connect-flash's option). @default false */
  unsafe?: boolean
  /**
   * Expose the messages to templates as a function on `res.locals` under this name (`true`: `flash`):
   * `flash('error')` in a template returns and consumes that type's messages, `flash()` all of them. Nothing
   * is read unless a template calls it, so a page that shows no messages leaves them for the next one.
   * @default false
   */
  locals?: boolean | string
}

/** A template's view of the flash: reads lazily, and returns the same messages however often it is called. */
export type FlashLocal = {
  (): FlashMessages
  (type: string): string[]
}

type FlashRequest = { flash?: FlashFunction; session?: unknown }
type FlashResponse = Partial<ServerResponse> & { locals?: Record<string, unknown> }
export type FlashMiddleware = (req: FlashRequest, res: FlashResponse, next: (err?: unknown) => void) => void

function localsName(locals: FlashOptions['locals']): string | undefined {
  if (locals === undefined || locals === false) return undefined
  if (locals === true) return 'flash'
  if (typeof locals === 'string' && locals.length > 0) return locals
  throw new TypeError(`sessionkit: option locals is invalid: ${describeValue(locals)}. Pass true, or the name to give the function on res.locals.`)
}

function templateFlash(req: FlashRequest): FlashLocal {
  const read = new Map<string | undefined, FlashMessages | string[]>()
  return ((type?: string) => {
    if (!read.has(type)) read.set(type, type === undefined ? (req.flash as FlashFunction)() : (req.flash as FlashFunction)(type))
    return read.get(type)
  }) as FlashLocal
}

/**
 * `flash(options)`: connect-flash's middleware. Installs `req.flash` unless one is already there (or always,
 * with `unsafe`). Works with any session middleware that provides `req.session`.
 */
export function flash(options: FlashOptions = {}): FlashMiddleware {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`sessionkit: argument options must be an object, got ${describeValue(options)}`)
  }
  const safe = !options.unsafe
  const locals = localsName(options.locals)
  return function flashMiddleware(req, res, next) {
    if (!(req.flash && safe)) req.flash = readOrAddFlash
    if (locals !== undefined && res.locals && typeof res.locals === 'object') res.locals[locals] = templateFlash(req)
    next()
  }
}
