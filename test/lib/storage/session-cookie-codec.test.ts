import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deriveCookieKeys, openCookieValue, sealCookieValue } from '../../../src/lib/storage/session-cookie-codec.ts'

const [key, oldKey] = deriveCookieKeys(['first secret, thirty-two bytes long!', 'second secret, thirty-two bytes long']) as [Buffer, Buffer]

describe('session cookie codec', () => {
  it('derives one 32-byte key per secret, stable across calls and distinct per secret', () => {
    expect(key).toHaveLength(32)
    expect(deriveCookieKeys(['first secret, thirty-two bytes long!'])[0]).toEqual(key)
    expect(oldKey.equals(key)).toBe(false)
  })

  it('seals to a cookie-safe v1 string that opens to the plaintext, with the index of the key', () => {
    const sealed = sealCookieValue('{"hello":"wörld"}', oldKey, 'ctx')
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(encodeURIComponent(sealed)).toBe(sealed)
    expect(openCookieValue(sealed, [key, oldKey], 'ctx')).toEqual({ plaintext: '{"hello":"wörld"}', keyIndex: 1 })
  })

  it('uses a fresh IV each time: the same plaintext never seals alike', () => {
    expect(sealCookieValue('same', key, 'ctx')).not.toBe(sealCookieValue('same', key, 'ctx'))
  })

  it.each([
    ['another key', (v: string) => openCookieValue(v, [oldKey], 'ctx')],
    ['another context (cookie name)', (v: string) => openCookieValue(v, [key], 'other')],
    ['another version prefix', (v: string) => openCookieValue(v.replace(/^v1\./, 'v2.'), [key], 'ctx')],
    ['no prefix', (v: string) => openCookieValue(v.slice(3), [key], 'ctx')],
    ['a truncated value', (v: string) => openCookieValue(v.slice(0, -4), [key], 'ctx')],
    ['padding added', (v: string) => openCookieValue(`${v}=`, [key], 'ctx')],
  ])('does not open with %s', (_name, open) => {
    expect(open(sealCookieValue('payload', key, 'ctx'))).toBeUndefined()
  })

  it('only the canonical encoding opens (base64 spare bits in the last character)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (plaintext) => {
        const sealed = sealCookieValue(plaintext, key, 'ctx')
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
        const last = alphabet.indexOf(sealed.at(-1) as string)
        for (let bits = 1; bits < 4; bits++) {
          const variant = sealed.slice(0, -1) + alphabet[last ^ bits]
          expect(openCookieValue(variant, [key], 'ctx')).toBeUndefined()
        }
      }),
    )
  })
})
