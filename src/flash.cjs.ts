// The CommonJS face of `sessionkit/flash`: `require('sessionkit/flash')` is the middleware factory itself,
// as `require('connect-flash')` is.
export { flash as default } from './lib/adapters/express/flash-middleware.js'
