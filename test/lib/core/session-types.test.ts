import { describe, expectTypeOf, it } from 'vitest'
import { Session } from '../../../src/lib/core/session.ts'
import { createCookieSessionStorage } from '../../../src/lib/storage/cookie-session-storage.ts'
import { createMemorySessionStorage } from '../../../src/lib/storage/memory-session-storage.ts'
import type { SessionStorage } from '../../../src/lib/storage/session-storage.ts'

// Checked by `tsc --noEmit` (the @ts-expect-error lines fail the type-check if they stop being errors);
// at run time these tests only make sure the calls themselves are harmless.
interface Data {
  userId: string
  count: number
}
interface FlashData {
  error: string
  notice: { title: string }
}

describe('Session types', () => {
  it('types values by Data and flash values by FlashData', () => {
    const session = new Session<Data, FlashData>()
    expectTypeOf(session.get('userId')).toEqualTypeOf<string | undefined>()
    expectTypeOf(session.get('count')).toEqualTypeOf<number | undefined>()
    expectTypeOf(session.get('error')).toEqualTypeOf<string | undefined>()
    expectTypeOf(session.get('notice')).toEqualTypeOf<{ title: string } | undefined>()
    session.set('count', 1)
    session.flash('notice', { title: 'saved' })
    // @ts-expect-error a key outside Data
    session.set('unknown', 1)
    // @ts-expect-error a value of the wrong type
    session.set('count', 'one')
    // @ts-expect-error a flash key is not a value key
    session.set('error', 'x')
    // @ts-expect-error a value key is not a flash key
    session.flash('count', 1)
    // @ts-expect-error a flash value of the wrong type
    session.flash('error', 42)
    // @ts-expect-error a key of neither
    session.get('other')
    // @ts-expect-error only value keys can be unset
    session.unset('error')
  })

  it('flash values default to the Data type', () => {
    const session = new Session<Data>()
    session.flash('count', 2)
    expectTypeOf(session.get('count')).toEqualTypeOf<number | undefined>()
    // @ts-expect-error a key outside Data
    session.flash('other', 1)
  })

  it('an untyped session takes any key and returns unknown', () => {
    const session = new Session()
    session.set('anything', { a: 1 })
    expectTypeOf(session.get('anything')).toEqualTypeOf<unknown>()
  })

  it('storages carry the types to the sessions they read', async () => {
    const storage = createMemorySessionStorage<Data, FlashData>()
    const session = await storage.read(null)
    expectTypeOf(session).toEqualTypeOf<Session<Data, FlashData>>()
    expectTypeOf(storage.save).parameter(0).toEqualTypeOf<Session<Data, FlashData>>()
    expectTypeOf(storage.save).returns.toEqualTypeOf<Promise<string | null>>()
    await storage.close()
    expectTypeOf(createCookieSessionStorage<Data, FlashData>({ secrets: 'a secret of thirty-two bytes or more' })).toEqualTypeOf<SessionStorage<Data, FlashData>>()
  })

  it('interfaces (no index signature) are accepted as Data', () => {
    interface Account {
      accountId: number
    }
    const session = new Session<Account>()
    expectTypeOf(session.get('accountId')).toEqualTypeOf<number | undefined>()
  })
})
