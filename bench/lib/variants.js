// The three server variants and the session options they share.

// `bare-dictionary`: bare Express whose req and res are switched to dictionary properties the way sessionkit's
// middleware switches them first thing, so sessionkit − bare-dictionary is the CPU of sessionkit's own work,
// apart from what that switch saves Express itself.
export const VARIANTS = ['bare', 'bare-dictionary', 'express-session', 'sessionkit']

/** Whether a variant runs session middleware (the bare ones answer with fixed bodies). */
export const hasSessions = (variant) => !variant.startsWith('bare')
export const ROUTES = ['read', 'write', 'flash', 'new']
export const SECRET = 'sessionkit-bench-secret-0123456789'

/** Fresh options on every call, so no library can see another one's mutations. */
export function sessionOptions() {
  return { secret: SECRET, resave: false, saveUninitialized: false, cookie: { maxAge: 3_600_000 } }
}

/** The middleware factory of a variant, or `undefined` for `bare`. */
export async function loadSessionFactory(variant) {
  switch (variant) {
    case 'bare':
    case 'bare-dictionary':
      return undefined
    case 'express-session':
      return (await import('express-session')).default
    case 'sessionkit':
      return (await import('../../dist/express.js')).default
    default:
      throw new Error(`unknown variant ${JSON.stringify(variant)} (known: ${VARIANTS.join(', ')})`)
  }
}

/** The flash middleware of a variant: connect-flash beside express-session, sessionkit/flash beside sessionkit. */
export async function loadFlashFactory(variant) {
  switch (variant) {
    case 'bare':
    case 'bare-dictionary':
      return undefined
    case 'express-session':
      return (await import('connect-flash')).default
    case 'sessionkit':
      return (await import('../../dist/flash.js')).default
    default:
      throw new Error(`unknown variant ${JSON.stringify(variant)}`)
  }
}

/** Number of sessions held by a library's default MemoryStore. */
export function storeSize(store) {
  if (!store) return undefined
  if (store.cache && typeof store.cache.size === 'number') return store.cache.size // sessionkit
  if (store.sessions) return Object.keys(store.sessions).length // express-session
  return undefined
}

/** sessionkit's byte accounting, when the store has one. */
export function storeBytes(store) {
  return store?.cache && typeof store.cache.byteSize === 'number' ? store.cache.byteSize : undefined
}

const PROBE = Symbol('bench.shape')

/**
 * The first middleware of `bare-dictionary`: what src/lib/adapters/express/dictionary-properties.ts does to an
 * Express request and response (a property added and deleted turns an object with a hidden class of its own
 * into a dictionary).
 */
export function dictionaryPrelude(req, res, next) {
  for (const target of [req, res]) {
    target[PROBE] = undefined
    delete target[PROBE]
  }
  next()
}

/** The middleware a variant's app runs before its routes, if any. */
export const preludeOf = (variant) => (variant === 'bare-dictionary' ? dictionaryPrelude : undefined)
