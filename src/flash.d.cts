// Declarations of the CommonJS face: `require('sessionkit/flash')` is the factory function itself (`export =`),
// as connect-flash's is. The types come from the ESM declarations beside this file.
import type * as esm from './flash.js'

declare function flash(options?: esm.FlashOptions): esm.FlashMiddleware

declare namespace flash {
  type FlashOptions = esm.FlashOptions
  type FlashFunction = esm.FlashFunction
  type FlashMessages = esm.FlashMessages
  type FlashLocal = esm.FlashLocal
  type FlashMiddleware = esm.FlashMiddleware
}

export = flash
