// Types of memory-store.js for the TypeScript tests (bench/ is plain JavaScript).

/** One sample of a memory phase (only the fields the verdict reads are typed). */
export interface MemorySample {
  visitors: number
  rss: number
  heapUsed: number
  storeSessions: number
  storeBytes?: number
  [field: string]: unknown
}

export interface MemoryVerdict {
  sessionkit: {
    fromVisitors: number
    earlyToVisitors: number
    lateFromVisitors: number
    toVisitors: number
    rssGrowthMiB: number
    heapGrowthMiB: number
    finalStoreSessions: number
    finalStoreMiB: number
  }
  expressSession: {
    fromVisitors: number
    toVisitors: number
    rssGrowthPer100kMiB: number
    heapGrowthPer100kMiB: number
    finalStoreSessions: number
  }
}

/** sessionkit's growth once its store is full (median of the later half of samples − median of the earlier half) and express-session's per 100k. */
export declare function memoryVerdict(sessionkit: MemorySample[], expressSession: MemorySample[], every: number): MemoryVerdict
