import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sessionChangeOf } from '../../../../src/lib/adapters/express/session-change.ts'
import type { FlashEntry, SessionChange } from '../../../../src/lib/core/store-contract.ts'
import { flashMessagesOf } from '../../../../src/lib/core/store-records.ts'

const cookie = { originalMaxAge: 1000, expires: '2026-01-01T00:00:01.000Z', path: '/', httpOnly: true }
const entries = (type: string, ...messages: string[]): FlashEntry[] => messages.map((message, i) => ({ id: `${type}${i}`, type, message }))

function loadedFrom(data: Record<string, unknown>, flash: FlashEntry[] = []) {
  return { dataJson: JSON.stringify(data), flash }
}

describe('sessionChangeOf', () => {
  it.each([
    ['nothing changed', { a: 1 }, { a: 1 }, { set: { cookie }, unset: [] }],
    ['a key changed', { a: 1, b: 2 }, { a: 1, b: 3 }, { set: { cookie, b: 3 }, unset: [] }],
    ['a key added', { a: 1 }, { a: 1, b: [1] }, { set: { cookie, b: [1] }, unset: [] }],
    ['a key deleted', { a: 1, b: 2 }, { a: 1 }, { set: { cookie }, unset: ['b'] }],
    ['a key set to undefined', { a: 1, b: 2 }, { a: 1, b: undefined }, { set: { cookie }, unset: ['b'] }],
    ['a nested change', { cart: { items: ['x'] } }, { cart: { items: ['x', 'y'] } }, { set: { cookie, cart: { items: ['x', 'y'] } }, unset: [] }],
    ['a Date stored as JSON does', {}, { at: new Date(0) }, { set: { cookie, at: '1970-01-01T00:00:00.000Z' }, unset: [] }],
  ])('%s', (_name, before, after, expected) => {
    expect(sessionChangeOf(loadedFrom(before), { cookie, ...after })).toEqual(expected)
  })

  it('removes a stored key named like a non-enumerable property of the session (id, req): it is not data', () => {
    const session = { cookie, a: 1 }
    Object.defineProperty(session, 'id', { value: 'sid' })
    Object.defineProperty(session, 'req', { value: {} })
    expect(sessionChangeOf(loadedFrom({ id: 'x', req: 'y', a: 1 }), session)).toEqual({ set: { cookie }, unset: ['id', 'req'] })
  })

  it.each([
    ['messages appended to a type', entries('info', 'a'), { info: ['a', 'b'] }, [{ type: 'info', message: 'b' }], undefined],
    ['a type taken', entries('info', 'a', 'b'), {}, undefined, ['info0', 'info1']],
    ['a type taken and refilled', entries('info', 'a'), { info: ['c'] }, [{ type: 'info', message: 'c' }], ['info0']],
    ['everything taken (req.flash())', [...entries('info', 'a'), ...entries('error', 'e')], {}, undefined, ['info0', 'error0']],
    ['a new type', [], { error: ['oops'] }, [{ type: 'error', message: 'oops' }], undefined],
    ['flash removed from the session', entries('info', 'a'), undefined, undefined, ['info0']],
  ])('flash: %s', (_name, loaded, flash, flashAdd, flashRemove) => {
    const before = loaded.length ? { flash: flashMessagesOf(loaded) } : {}
    const change = sessionChangeOf({ dataJson: JSON.stringify(before), flash: loaded }, flash === undefined ? { cookie } : { cookie, flash })
    expect(change.flashAdd).toEqual(flashAdd)
    expect(change.flashRemove).toEqual(flashRemove)
    expect(change.unset).toEqual([])
  })

  it('flash: a list replaced by one with the same messages was taken and refilled (connect-flash replaces a taken list)', () => {
    const loaded = entries('info', 'Saved!')
    const lists = { info: ['Saved!'] }
    const dataJson = JSON.stringify({ flash: lists })
    expect(sessionChangeOf({ dataJson, flash: loaded, flashLists: lists }, { cookie, flash: lists })).toMatchObject({ set: { cookie } })
    expect(sessionChangeOf({ dataJson, flash: loaded, flashLists: lists }, { cookie, flash: { info: ['Saved!'] } })).toMatchObject({
      flashAdd: [{ type: 'info', message: 'Saved!' }],
      flashRemove: ['info0'],
    })
  })

  // Applying the change to what was loaded gives what the request ended with, whatever the data.
  it('applied to the loaded data, gives the data the request ended with', () => {
    const json = fc.jsonValue()
    const data = fc.dictionary(fc.string().filter((k) => k !== 'cookie' && k !== 'flash' && k !== '__proto__'), json, { maxKeys: 6 })
    fc.assert(
      fc.property(data, data, (before, after) => {
        const change: SessionChange = sessionChangeOf(loadedFrom(before), { cookie, ...after })
        const applied: Record<string, unknown> = JSON.parse(JSON.stringify(before))
        for (const key of change.unset) delete applied[key]
        for (const [key, value] of Object.entries(change.set)) if (key !== 'cookie') applied[key] = value
        expect(applied).toEqual(JSON.parse(JSON.stringify(after)))
      }),
      { numRuns: 500 },
    )
  })
})
