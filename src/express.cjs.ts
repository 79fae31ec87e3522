// The CommonJS face of `sessionkit/express`: `require('sessionkit/express')` is the middleware factory
// itself, as `require('express-session')` is; the classes hang off it (session.Store, …).
export { default } from './lib/adapters/express/express-face.js'
