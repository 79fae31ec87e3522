import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { Secret } from '../core/cookie-signature.js'

/**
 * The sealed cookie format: `v1.` then base64url of a 12-byte random IV, the AES-256-GCM ciphertext and its
 * 16-byte tag. The version prefix lets a later format be read beside this one.
 */
export const SEALED_COOKIE_PREFIX = 'v1.'

const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32
// HKDF's salt and info separate these keys from anything else the same secret may key (the id-signing HMAC).
const HKDF_SALT = 'sessionkit/cookie-session-storage'
const HKDF_INFO = 'aes-256-gcm v1'
const BASE64URL = /^[A-Za-z0-9_-]+$/

/** The AES-256 key of each secret, in order, derived with HKDF-SHA256: run once, when a storage is created. */
export function deriveCookieKeys(secrets: readonly Secret[]): Buffer[] {
  return secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, KEY_BYTES)))
}

/** `plaintext` encrypted and authenticated with `key`, bound to `context` (authenticated, not stored), as a cookie-safe string. */
export function sealCookieValue(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(context))
  const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return SEALED_COOKIE_PREFIX + body.toString('base64url')
}

/** What {@link openCookieValue} recovered, and which key (index in the list) opened it. */
export interface OpenedCookieValue {
  plaintext: string
  keyIndex: number
}

/**
 * The plaintext of a sealed value when one of `keys` authenticates it for `context`, else `undefined`: a
 * wrong version, a non-canonical encoding, a truncated or altered value all fail; it never throws.
 */
export function openCookieValue(value: string, keys: readonly Buffer[], context: string): OpenedCookieValue | undefined {
  if (!value.startsWith(SEALED_COOKIE_PREFIX)) return undefined
  const encoded = value.slice(SEALED_COOKIE_PREFIX.length)
  if (!BASE64URL.test(encoded)) return undefined
  const body = Buffer.from(encoded, 'base64url')
  // Base64's spare low bits in the last character would let two strings decode alike: only the canonical one is ours.
  if (body.length <= IV_BYTES + TAG_BYTES || body.toString('base64url') !== encoded) return undefined
  const iv = body.subarray(0, IV_BYTES)
  const ciphertext = body.subarray(IV_BYTES, body.length - TAG_BYTES)
  const tag = body.subarray(body.length - TAG_BYTES)
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keys[keyIndex] as Buffer, iv, { authTagLength: TAG_BYTES })
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(tag)
      const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
      return { plaintext, keyIndex }
    } catch {
      // Not this key (or not authentic at all): try the next.
    }
  }
  return undefined
}
