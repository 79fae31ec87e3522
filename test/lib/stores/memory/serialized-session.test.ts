import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { serializeSession, sessionJson } from '../../../../src/lib/stores/memory/serialized-session.ts'

describe('serializeSession / sessionJson', () => {
  it.each([
    ['data and cookie', { cookie: { path: '/', expires: null }, user: 'alice' }],
    ['cookie only', { cookie: { path: '/' } }],
    ['no cookie', { user: 'alice' }],
    ['empty', {}],
  ])('round-trips a record with %s to what JSON.stringify gives', (_case, record) => {
    expect(JSON.parse(sessionJson(serializeSession(record)))).toEqual(JSON.parse(JSON.stringify(record)))
  })

  it('round-trips any JSON object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }), (data, cookie) => {
        const record = cookie === undefined ? data : { ...data, cookie }
        expect(JSON.parse(sessionJson(serializeSession(record)))).toEqual(JSON.parse(JSON.stringify(record)))
      }),
    )
  })
})
