import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { snapshotSessionData } from '../../../../src/lib/adapters/express/session-snapshot.ts'
import { dataJsonOf } from '../../../../src/lib/adapters/express/stored-session-data.ts'

function get(store: InstanceType<typeof session.MemoryStore>, sid: string): any {
  let result: unknown
  store.get(sid, (_err, data) => (result = data))
  return result
}

describe("the express face's MemoryStore", () => {
  it('hands over the JSON of the data it returns, identical to serializing it again', () => {
    const store = new session.MemoryStore()
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (data) => {
        store.set('sid', { ...data, cookie: { originalMaxAge: null, path: '/' } })
        const loaded = get(store, 'sid')
        expect(dataJsonOf(loaded)).toBe(snapshotSessionData(loaded))
      }),
    )
    store.close()
  })

  it('calls back synchronously, and touch refreshes only the stored cookie', () => {
    const store = new session.MemoryStore()
    store.set('sid', { cookie: { originalMaxAge: 1000, expires: new Date(Date.now() + 1000).toISOString(), path: '/' }, n: 1 })
    store.touch('sid', { cookie: { originalMaxAge: 5000, expires: new Date(Date.now() + 5000).toISOString(), path: '/' }, n: 2 })
    const loaded = get(store, 'sid')
    expect(loaded.n).toBe(1)
    expect(loaded.cookie.originalMaxAge).toBe(5000)
    store.close()
  })

  it('hands the stored data JSON to change detection from readSession too, when there are no flash messages', () => {
    const store = new session.MemoryStore()
    store.set('a', { cookie: { originalMaxAge: 1000, expires: new Date(Date.now() + 1000).toISOString() }, b: [1, { c: 2 }], a: 'x' } as never)
    let record: Record<string, unknown> | undefined
    store.readSession('a', (_err, loaded) => (record = loaded?.record))
    expect(dataJsonOf(record as object)).toBe(snapshotSessionData(record as object))
    store.close()
  })
})
