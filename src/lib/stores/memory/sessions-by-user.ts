/**
 * Which sessions belong to which user: the per-user index of the memory store. The cache adds a session when
 * it is stored under a user and removes it whenever the session goes (destroyed, replaced, evicted, expired),
 * so the index never holds more than the cache does.
 */
export class SessionsByUser {
  private readonly sessions = new Map<string, Set<string>>()

  /** Files session `id` under `userId`. */
  add(userId: string, id: string): void {
    let ids = this.sessions.get(userId)
    if (!ids) this.sessions.set(userId, (ids = new Set()))
    ids.add(id)
  }

  /** Removes session `id` from `userId`; a user left without sessions is forgotten. */
  remove(userId: string, id: string): void {
    const ids = this.sessions.get(userId)
    if (!ids) return
    ids.delete(id)
    if (ids.size === 0) this.sessions.delete(userId)
  }

  /** The ids filed under `userId`, as a copy (callers delete sessions while walking it). */
  idsOf(userId: string): string[] {
    const ids = this.sessions.get(userId)
    return ids ? [...ids] : []
  }

  /** How many users have at least one session. */
  get userCount(): number {
    return this.sessions.size
  }

  /** Forgets every user. */
  clear(): void {
    this.sessions.clear()
  }
}
