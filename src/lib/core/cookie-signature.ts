import { createHmac, timingSafeEqual } from 'node:crypto'

/** A signing secret: the first of a list signs, every one of them verifies (rotation). */
export type Secret = string | Buffer

function mac(value: string, secret: Secret): string {
  // base64 without '=' padding: the format of the `cookie-signature` package express-session uses.
  return createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '')
}

/** `value.mac`, where mac is the unpadded base64 HMAC-SHA256 of value. */
export function signValue(value: string, secret: Secret): string {
  return `${value}.${mac(value, secret)}`
}

/**
 * The value of a `value.mac` string when its mac verifies with one of the secrets, else `false`.
 * Macs are compared in constant time.
 */
export function unsignValue(signed: string, secrets: readonly Secret[]): string | false {
  const dot = signed.lastIndexOf('.')
  if (dot <= 0) return false
  const value = signed.slice(0, dot)
  const given = Buffer.from(signed.slice(dot + 1))
  for (const secret of secrets) {
    const expected = Buffer.from(mac(value, secret))
    if (expected.length === given.length && timingSafeEqual(expected, given)) return value
  }
  return false
}
