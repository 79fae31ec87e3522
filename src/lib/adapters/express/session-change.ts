import type { FlashEntry, SessionChange } from '../../core/store-contract.js'
import { storedCookieOf } from './cookie.js'

type FlashAdd = NonNullable<SessionChange['flashAdd']>[number]

/**
 * The state a session was loaded in: the JSON of its data (as change detection took it), its flash entries, and
 * the message lists (`req.session.flash[type]`) it was given, by identity: connect-flash replaces a type's list
 * when it takes it, so a list that is no longer the same array was taken, even if it now holds equal messages.
 */
export interface LoadedState {
  readonly dataJson: string
  readonly flash: readonly FlashEntry[]
  readonly flashLists?: Readonly<Record<string, unknown>>
}

function json(value: unknown): string | undefined {
  return JSON.stringify(value) as string | undefined
}

function asMessageLists(flash: unknown): Record<string, unknown[]> {
  const lists: Record<string, unknown[]> = {}
  if (typeof flash !== 'object' || flash === null) return lists
  for (const [type, list] of Object.entries(flash)) lists[type] = Array.isArray(list) ? list : [list]
  return lists
}

/**
 * What happened to the flash messages: connect-flash only appends to a type's list, or takes (removes) a whole
 * type, so the same list that still starts with the loaded messages had messages added; any other list was
 * taken (and perhaps refilled, even with the very messages it held). Removing by entry id leaves alone the messages other requests added meanwhile.
 */
function flashChange(loaded: readonly FlashEntry[], loadedLists: LoadedState['flashLists'], flash: unknown): { flashAdd: FlashAdd[]; flashRemove: string[] } {
  const now = asMessageLists(flash)
  const before: Record<string, FlashEntry[]> = {}
  for (const entry of loaded) (before[entry.type] ||= []).push(entry)
  const flashAdd: FlashAdd[] = []
  const flashRemove: string[] = []
  for (const [type, entries] of Object.entries(before)) {
    const list = now[type] ?? []
    const sameList = loadedLists === undefined || (flash as Record<string, unknown> | undefined)?.[type] === loadedLists[type]
    const kept = sameList && entries.length <= list.length && entries.every((entry, i) => json(entry.message) === json(list[i]))
    if (!kept) for (const entry of entries) flashRemove.push(entry.id)
    for (const message of list.slice(kept ? entries.length : 0)) flashAdd.push({ type, message })
  }
  for (const [type, list] of Object.entries(now)) {
    if (before[type]) continue
    for (const message of list) flashAdd.push({ type, message })
  }
  return { flashAdd, flashRemove }
}

/**
 * The change one request made to a loaded session: the top-level keys whose JSON differs (and `cookie`, always,
 * since the request restarted its countdown), the keys it removed, and the flash messages it added and took.
 */
export function sessionChangeOf(loaded: LoadedState, session: object): SessionChange {
  const before = JSON.parse(loaded.dataJson) as Record<string, unknown>
  const current = session as Record<string, unknown>
  const set: Record<string, unknown> = { cookie: storedCookieOf(current.cookie) }
  const unset: string[] = []
  // Own keys, not a rest copy: a session carries symbol-keyed state that a copy would drag along, slowly.
  for (const key of Object.keys(current)) {
    if (key === 'cookie' || key === 'flash') continue
    const valueJson = json(current[key])
    if (valueJson === undefined) {
      if (Object.hasOwn(before, key)) unset.push(key)
    } else if (valueJson !== json(before[key])) {
      set[key] = JSON.parse(valueJson) as unknown
    }
  }
  // Gone unless an own enumerable key: `id` and `req` are the session's own, not data (a stored `id` is removed).
  for (const key of Object.keys(before)) {
    if (key !== 'flash' && !Object.prototype.propertyIsEnumerable.call(current, key)) unset.push(key)
  }
  const { flashAdd, flashRemove } = flashChange(loaded.flash, loaded.flashLists, current.flash)
  const change: SessionChange = { set, unset }
  if (flashAdd.length > 0) change.flashAdd = flashAdd
  if (flashRemove.length > 0) change.flashRemove = flashRemove
  return change
}
