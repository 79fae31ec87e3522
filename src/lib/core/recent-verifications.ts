/**
 * The last few cookie values whose signature verified, with what they verified to, so a visitor's next
 * requests skip the HMAC. A value is only ever found here if it is exactly a string that verified before
 * with the same secrets, so the cache cannot accept anything the signature check would refuse.
 */
export class RecentVerifications<T> {
  private readonly entries = new Map<string, T>()

  constructor(private readonly limit = 1024) {}

  get(value: string): T | undefined {
    return this.entries.get(value)
  }

  remember(value: string, result: T): void {
    if (this.entries.size >= this.limit) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    this.entries.set(value, result)
  }
}
