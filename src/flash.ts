export { flash as default, flash, type FlashOptions, type FlashLocal, type FlashMiddleware } from './lib/adapters/express/flash-middleware.js'
export type { FlashFunction, FlashMessages } from './lib/adapters/express/flash-messages.js'
export type {} from './lib/adapters/express/flash-request-types.js'
