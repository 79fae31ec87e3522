import { format } from 'node:util'
import { checkFlashDelivery } from './flash-delivery-check.js'

/** Flash messages by type, as connect-flash keeps them in `req.session.flash`. */
export type FlashMessages = Record<string, string[]>

/** `req.flash`: connect-flash's API. */
export interface FlashFunction {
  /** Every message of every type; clears them all. */
  (): FlashMessages
  /** The messages of one type (`[]` when there are none); removes them. */
  (type: string): string[]
  /** Adds a message (or each of an array of them); returns how many messages of that type are waiting. */
  (type: string, message: string | string[]): number
  /** Adds a message formatted with `util.format`; returns how many messages of that type are waiting. */
  (type: string, format: string, ...args: unknown[]): number
}

interface FlashRequest {
  session?: { flash?: FlashMessages } | null
}

/**
 * connect-flash's `req.flash`, to the letter (messages in `req.session.flash` as an object of arrays, so
 * sessions written by connect-flash keep working), without its deprecated `util.isArray`.
 */
export const readOrAddFlash = function readOrAddFlash(this: FlashRequest, type?: string, message?: unknown, ...args: unknown[]): FlashMessages | string[] | number {
  const session = this.session
  if (session === undefined || session === null) throw Error('req.flash() requires sessions')
  const messages = (session.flash ||= {})
  if (type && message) {
    checkFlashDelivery(this)
    if (args.length > 0) {
      return (messages[type] ||= []).push(format(message, ...args))
    }
    const list = (messages[type] ||= [])
    if (Array.isArray(message)) {
      for (const each of message) list.push(each as string)
      return list.length
    }
    return list.push(message as string)
  }
  if (type) {
    const list = messages[type]
    delete messages[type]
    return list || []
  }
  session.flash = {}
  return messages
} as unknown as FlashFunction
