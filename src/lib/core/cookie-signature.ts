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

/** A verified `value.mac` string: the value, and which secret of the list verified it. */
export interface VerifiedValue {
  value: string
  secretIndex: number
}

/**
 * The value of a `value.mac` string and the index of the secret that verified it, or `undefined` when no
 * secret does. Macs are compared in constant time.
 */
export function verifySignedValue(signed: string, secrets: readonly Secret[]): VerifiedValue | undefined {
  const dot = signed.lastIndexOf('.')
  if (dot <= 0) return undefined
  const value = signed.slice(0, dot)
  const given = Buffer.from(signed.slice(dot + 1))
  for (let secretIndex = 0; secretIndex < secrets.length; secretIndex++) {
    const expected = Buffer.from(mac(value, secrets[secretIndex] as Secret))
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { value, secretIndex }
  }
  return undefined
}

/** The value of a `value.mac` string when its mac verifies with one of the secrets, else `false`. */
export function unsignValue(signed: string, secrets: readonly Secret[]): string | false {
  return verifySignedValue(signed, secrets)?.value ?? false
}
