import type { FlashEntry } from '../../core/store-contract.js'

/**
 * A session's flash entries as the memory store keeps them: one JSON string of the entries (oldest first), or
 * `undefined` when there are none, so a session without flash costs nothing and no caller ever holds a
 * reference into stored state.
 */
export type StoredFlash = string | undefined

/** The entries of stored flash, parsed afresh. */
export function flashEntriesOf(flash: StoredFlash): FlashEntry[] {
  return flash === undefined ? [] : (JSON.parse(flash) as FlashEntry[])
}

/** Entries as stored flash (`undefined` when empty). */
export function storeFlash(entries: readonly FlashEntry[]): StoredFlash {
  return entries.length === 0 ? undefined : JSON.stringify(entries)
}

/**
 * Stored flash after removing the entries whose ids are in `remove` (unknown ids ignored) and appending `add`
 * with ids from `nextId`, in order.
 */
export function changeFlash(
  flash: StoredFlash,
  add: ReadonlyArray<{ type: string; message: unknown }> | undefined,
  remove: readonly string[] | undefined,
  nextId: () => string,
): StoredFlash {
  if (!add?.length && !remove?.length) return flash
  let entries = flashEntriesOf(flash)
  if (remove?.length) {
    const removed = new Set(remove)
    entries = entries.filter((entry) => !removed.has(entry.id))
  }
  if (add) for (const { type, message } of add) entries.push({ id: nextId(), type, message })
  return storeFlash(entries)
}
