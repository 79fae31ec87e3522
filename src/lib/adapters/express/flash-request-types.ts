import type { FlashFunction } from './flash-messages.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** connect-flash's API, installed by `sessionkit/flash`. */
      flash: FlashFunction
    }
  }
}

export type { FlashFunction }
