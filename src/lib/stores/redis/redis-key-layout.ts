import { createHash } from 'node:crypto'

/**
 * Where a store's sessions live in Redis. Every key of one session carries the session id as a hash tag
 * (`{id}`), so on Redis Cluster a session's key always maps to one slot and single-key scripts work; the
 * per-user index lives in its user's own slot and is only ever written with separate single-key commands.
 */

/** The ids a store accepts: what express-session (uid-safe), sessionkit and most generators produce (base64/base64url). */
const SAFE_SESSION_ID = /^[A-Za-z0-9_\-.~+/=:]{1,256}$/

/** Whether `id` may become part of a key: no hash-tag braces, no glob characters, no whitespace, bounded length. */
export function isSafeSessionId(id: unknown): id is string {
  return typeof id === 'string' && SAFE_SESSION_ID.test(id)
}

/** The HASH holding one session: `${prefix}{${id}}`. */
export function sessionKeyOf(prefix: string, id: string): string {
  return `${prefix}{${id}}`
}

/**
 * The sorted set of one user's session ids: `${prefix}user:{${sha256(userId)}}`. The user id is hashed so that
 * any value (braces, spaces, megabytes) makes a safe key of fixed length.
 */
export function userIndexKeyOf(prefix: string, userId: string): string {
  return `${prefix}user:{${createHash('sha256').update(userId).digest('base64url')}}`
}

/** A SCAN MATCH pattern that matches `text` literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

/** The SCAN MATCH pattern of a store's session keys. */
export function sessionKeyPattern(prefix: string): string {
  return `${escapeGlob(prefix)}{*}`
}

/** The SCAN MATCH pattern of a store's per-user index keys. */
export function userIndexKeyPattern(prefix: string): string {
  return `${escapeGlob(prefix)}user:{*}`
}

/** The session id of a key SCAN returned, or `undefined` when the key is not one of this store's sessions. */
export function sessionIdOfKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(`${prefix}{`) || !key.endsWith('}')) return undefined
  const id = key.slice(prefix.length + 1, -1)
  return isSafeSessionId(id) ? id : undefined
}
