import { describe, expect, it } from 'vitest'
import { markSessionGone, markSessionSaved, Session, sessionChangesOf } from '../../../src/lib/core/session.ts'

function stored(data: Record<string, unknown> = { a: 1 }, flash: Array<{ key: string; value: unknown; entryId?: string }> = []): Session {
  return new Session({ id: 'stored-id', data, flash })
}

describe('Session state', () => {
  function changed(session: Session): Session {
    session.set('b', 2)
    return session
  }

  it.each([
    ['a session without data is new', () => new Session(), 'new'],
    ['a stored session is clean', () => stored(), 'clean'],
    ['a stored session with flash values waiting is dirty (saving consumes them)', () => stored({}, [{ key: 'm', value: 'hi' }]), 'dirty'],
    ['a changed session is dirty', () => changed(stored()), 'dirty'],
  ] as const)('%s', (_name, make, state) => {
    expect(make().state).toBe(state)
  })

  it.each([
    ['set', (s: Session) => s.set('b', 2)],
    ['unset', (s: Session) => s.unset('a')],
    ['flash', (s: Session) => s.flash('m', 'hi')],
    ['regenerateId', (s: Session) => s.regenerateId()],
  ])('%s moves clean -> dirty, and a save moves it back to clean', (_name, change) => {
    const session = stored()
    change(session)
    expect(session.state).toBe('dirty')
    expect(session.dirty).toBe(true)
    markSessionSaved(session)
    expect(session.state).toBe('clean')
    expect(session.dirty).toBe(false)
  })

  it.each([
    ['set', (s: Session) => s.set('b', 2)],
    ['flash', (s: Session) => s.flash('m', 'hi')],
  ])('%s moves new -> dirty; after the save it is clean (stored)', (_name, change) => {
    const session = new Session()
    change(session)
    expect(session.state).toBe('dirty')
    markSessionSaved(session)
    expect(session.state).toBe('clean')
  })

  it.each([
    ['new', () => new Session()],
    ['clean', () => stored()],
    ['dirty', () => stored({}, [{ key: 'm', value: 1 }])],
  ])('destroy moves %s -> destroyed; values read as absent', (_name, make) => {
    const session = make()
    session.destroy()
    expect(session.state).toBe('destroyed')
    expect(session.destroyed).toBe(true)
    expect(session.dirty).toBe(false)
    expect(session.get('a')).toBeUndefined()
    expect(session.has('a')).toBe(false)
    expect(session.size).toBe(0)
  })

  it.each([
    ['set', (s: Session) => s.set('a', 2)],
    ['unset', (s: Session) => s.unset('a')],
    ['flash', (s: Session) => s.flash('m', 'x')],
    ['regenerateId', (s: Session) => s.regenerateId()],
  ])('%s on a destroyed session throws a sessionkit: error', (name, change) => {
    const session = stored()
    session.destroy()
    expect(() => change(session)).toThrow(new RegExp(`^sessionkit: session\\.${name}\\(\\) was called on a destroyed session`))
  })

  it('a session found gone when saved becomes destroyed', () => {
    const session = stored()
    markSessionGone(session)
    expect(session.state).toBe('destroyed')
  })
})

describe('Session values', () => {
  it('get, has, set, unset and size', () => {
    const session = stored({ a: 1, b: null })
    expect(session.get('a')).toBe(1)
    expect(session.get('b')).toBeNull()
    expect(session.has('b')).toBe(true)
    expect(session.has('c')).toBe(false)
    session.set('c', { deep: true })
    session.unset('a')
    expect(session.get('a')).toBeUndefined()
    expect(session.get('c')).toEqual({ deep: true })
    expect(session.size).toBe(2)
  })

  it('setting undefined removes the key (JSON has no undefined); null is kept', () => {
    const session = stored({ a: 1 })
    session.set('a', undefined)
    expect(session.has('a')).toBe(false)
    session.set('a', null)
    expect(session.has('a')).toBe(true)
  })

  it.each(['cookie', 'flash'])('the reserved key %s cannot be set or unset', (key) => {
    const session = stored()
    expect(() => session.set(key, 1)).toThrow(/^sessionkit: session\.set\(".+"\) uses a reserved key/)
    expect(() => session.unset(key)).toThrow(/^sessionkit: session\.unset\(".+"\) uses a reserved key/)
  })

  it('stored data under a reserved key is not read as a value', () => {
    const session = new Session({ data: { cookie: { originalMaxAge: 1 }, flash: { x: ['y'] }, a: 1 } })
    expect(session.has('cookie')).toBe(false)
    expect(session.size).toBe(1)
  })

  it('tracks exactly the keys set or unset since it was read', () => {
    const session = stored({ a: 1, b: 2, c: 3 })
    session.set('a', 10)
    session.unset('b')
    session.set('d', 4)
    const changes = sessionChangesOf(session)
    expect([...changes.changedKeys].sort()).toEqual(['a', 'b', 'd'])
    expect(changes.values).toEqual({ a: 10, c: 3, d: 4 })
    markSessionSaved(session)
    expect(sessionChangesOf(session).changedKeys).toEqual([])
  })
})

describe('Session flash', () => {
  it('a value flashed now is invisible in this request and handed to the storage to write', () => {
    const session = new Session()
    session.flash('message', 'first')
    session.flash('message', 'last')
    expect(session.get('message')).toBeUndefined()
    expect(session.has('message')).toBe(false)
    expect(sessionChangesOf(session).flashed).toEqual([{ key: 'message', value: 'last' }])
  })

  it('a value flashed by the previous request is visible for the whole request, and consumed by the save', () => {
    const session = stored({}, [{ key: 'message', value: 'older', entryId: '1' }, { key: 'message', value: 'newer', entryId: '2' }])
    expect(session.get('message')).toBe('newer')
    expect(session.get('message')).toBe('newer')
    expect(sessionChangesOf(session).consumedFlash.map((entry) => entry.entryId)).toEqual(['1', '2'])
    markSessionSaved(session)
    // Still readable for the rest of this request (a page rendered after the save), but no longer to remove.
    expect(session.get('message')).toBe('newer')
    expect(sessionChangesOf(session).consumedFlash).toEqual([])
    expect(session.state).toBe('clean')
  })

  it('a stored value wins over a flash value of the same key', () => {
    const session = stored({ k: 'value' }, [{ key: 'k', value: 'flash' }])
    expect(session.get('k')).toBe('value')
  })
})

describe('Session.regenerateId', () => {
  it('gives a new id and keeps the data; regenerateId(true) names the stored id to delete', () => {
    const session = stored({ a: 1 })
    session.regenerateId()
    expect(session.id).not.toBe('stored-id')
    expect(session.deleteId).toBeUndefined()
    session.regenerateId(true)
    expect(session.deleteId).toBe('stored-id')
    expect(session.get('a')).toBe(1)
    const changes = sessionChangesOf(session)
    expect(changes.storedId).toBe('stored-id')
    expect(changes.id).toBe(session.id)
    markSessionSaved(session)
    expect(session.deleteId).toBeUndefined()
    expect(sessionChangesOf(session).storedId).toBe(session.id)
  })

  it('a new session has nothing stored to delete', () => {
    const session = new Session()
    session.regenerateId(true)
    expect(session.deleteId).toBeUndefined()
  })

  it('new ids are distinct 32-character base64url strings', () => {
    const ids = new Set(Array.from({ length: 100 }, () => new Session().id))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/)
  })
})
