import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSessionRow, isCorruptSessionRow } from '../../../../src/lib/stores/postgres/session-row.ts'

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const flashEntry = fc.record({ id: fc.string(), type: fc.string(), message: fc.jsonValue() })

describe('decodeSessionRow', () => {
  it('puts the cookie back first and returns the flash entries apart', () => {
    const decoded = decodeSessionRow({ data: '{"n":1}', cookie: '{"path":"/"}', flash: '[{"id":"1","type":"info","message":"hi"}]' })
    expect(decoded).toEqual({ record: { cookie: { path: '/' }, n: 1 }, flash: [{ id: '1', type: 'info', message: 'hi' }] })
    expect(Object.keys(isCorruptSessionRow(decoded) ? {} : decoded.record)).toEqual(['cookie', 'n'])
  })

  it('reads NULL cookie as no cookie and a missing flash column as no entries', () => {
    expect(decodeSessionRow({ data: '{}', cookie: null })).toEqual({ record: {}, flash: [] })
  })

  it('ignores cookie and flash keys inside data: their columns win', () => {
    expect(decodeSessionRow({ data: '{"cookie":1,"flash":{"a":["b"]},"n":1}', cookie: null, flash: '[]' })).toEqual({ record: { n: 1 }, flash: [] })
  })

  it('keeps a "__proto__" key as data, never as a prototype', () => {
    const decoded = decodeSessionRow({ data: '{"__proto__":{"polluted":true}}', cookie: null })
    expect(isCorruptSessionRow(decoded)).toBe(false)
    if (isCorruptSessionRow(decoded)) return
    expect(Object.getPrototypeOf(decoded.record)).toBe(Object.prototype)
    expect((decoded.record as { polluted?: unknown }).polluted).toBeUndefined()
    expect(Object.hasOwn(decoded.record, '__proto__')).toBe(true)
  })

  it.each([
    ['data that is not text', { data: 5, cookie: null }, 'data is not a JSON object'],
    ['data that is not JSON', { data: '{', cookie: null }, 'data is not a JSON object'],
    ['data that is an array', { data: '[]', cookie: null }, 'data is not a JSON object'],
    ['a cookie that is a string', { data: '{}', cookie: '"x"' }, 'cookie is neither a JSON object nor NULL'],
    ['a flash that is an object', { data: '{}', cookie: null, flash: '{}' }, 'flash is not a JSON array'],
    ['a flash entry without a message', { data: '{}', cookie: null, flash: '[{"id":"1","type":"info"}]' }, 'flash holds an entry that is not {id, type, message}'],
    ['a flash entry with a numeric id', { data: '{}', cookie: null, flash: '[{"id":1,"type":"info","message":"m"}]' }, 'flash holds an entry that is not {id, type, message}'],
  ])('reports %s as corrupt', (_case, row, problem) => {
    expect(decodeSessionRow(row)).toEqual({ problem })
  })

  it('never throws on any column values, and accepts exactly the well-formed rows', () => {
    const column = fc.oneof(fc.constant(null), fc.string(), fc.jsonValue().map((value) => JSON.stringify(value)), fc.anything())
    fc.assert(
      fc.property(column, column, fc.option(column, { nil: undefined }), (data, cookie, flash) => {
        const decoded = decodeSessionRow({ data, cookie, flash })
        const parse = (text: unknown): unknown => {
          try {
            return typeof text === 'string' ? (JSON.parse(text) as unknown) : Symbol('not text')
          } catch {
            return Symbol('not JSON')
          }
        }
        const flashValue = flash === undefined ? [] : parse(flash)
        const wellFormed =
          isObject(parse(data)) &&
          (cookie === null || cookie === undefined || isObject(parse(cookie))) &&
          Array.isArray(flashValue) &&
          flashValue.every((entry) => isObject(entry) && typeof entry.id === 'string' && typeof entry.type === 'string' && Object.hasOwn(entry, 'message'))
        expect(isCorruptSessionRow(decoded)).toBe(!wellFormed)
      }),
    )
  })

  it('round-trips any well-formed row', () => {
    const data = fc.dictionary(fc.string().filter((key) => key !== 'cookie' && key !== 'flash' && key !== '__proto__'), fc.jsonValue())
    const cookie = fc.option(fc.dictionary(fc.string().filter((key) => key !== '__proto__'), fc.jsonValue()), { nil: null })
    fc.assert(
      fc.property(data, cookie, fc.array(flashEntry), (record, cookieValue, entries) => {
        const decoded = decodeSessionRow({ data: JSON.stringify(record), cookie: cookieValue === null ? null : JSON.stringify(cookieValue), flash: JSON.stringify(entries) })
        const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
        expect(decoded).toEqual({ record: asJson(cookieValue === null ? record : { cookie: cookieValue, ...record }), flash: asJson(entries) })
      }),
    )
  })
})
