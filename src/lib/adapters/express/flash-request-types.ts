import type { FlashFunction } from './flash-messages.js'

declare global {
  namespace Express {
    interface Request {
      /** connect-flash's API, installed by `sessionkit/flash`. */
      flash: FlashFunction
    }
  }
}

export type { FlashFunction }
