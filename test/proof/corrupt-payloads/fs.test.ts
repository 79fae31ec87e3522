import { mkdtempSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { sessionFileName } from '../../../src/lib/stores/fs/session-file-name.ts'
import { FsStore } from '../../../src/stores/fs.ts'
import { describeCorruptStoredPayloads } from '../support/corrupt-store-harness.ts'
import { flashEntryLike, jsonishText, trickyJsonValue, trickyKey } from '../support/payload-arbitraries.ts'

/**
 * Garbage written straight over a real session file the FsStore wrote: bytes that are not UTF-8, truncated or
 * mangled JSON, JSON nested thousands deep, JSON of the wrong shape (another id, wrong types), an empty file.
 */

const RUNS = Number(process.env.PROOF_CORRUPT_RUNS ?? 1000)

const fileShaped = (id: fc.Arbitrary<unknown>) =>
  fc.record(
    {
      id,
      record: fc.oneof(fc.dictionary(trickyKey, trickyJsonValue), trickyJsonValue),
      flash: fc.oneof(fc.array(flashEntryLike, { maxLength: 4 }), trickyJsonValue),
      flashSeq: fc.oneof(fc.nat(), trickyJsonValue),
      createdAt: fc.oneof(fc.nat(), trickyJsonValue),
      lastSeenAt: fc.oneof(fc.nat(), trickyJsonValue),
      expiresAt: fc.oneof(fc.constant(Date.now() + 60_000), fc.nat(), trickyJsonValue),
      slidingTtl: fc.oneof(fc.constant(60_000), fc.integer(), trickyJsonValue),
    },
    { requiredKeys: [] },
  )

/** A function of the session id: the file's contents. */
type Damage = (id: string) => Buffer
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => () => Buffer.from(bytes)),
  jsonishText(trickyJsonValue).map((text) => () => Buffer.from(text)),
  // The right id, so the decoder gets past the first check and meets the damage further in.
  fc.tuple(fc.boolean(), fc.nat()).chain(([ownId]) => fileShaped(fc.constant(ownId ? 'OWN' : 'other')).map((file) => (id: string) => Buffer.from(JSON.stringify({ ...file, id: file.id === 'OWN' ? id : file.id })))),
)

describeCorruptStoredPayloads('the file store', RUNS, async () => {
  const directory = mkdtempSync(join(tmpdir(), 'sessionkit-proof-fs-'))
  const store = new FsStore({ directory, pruneInterval: false })
  return {
    store,
    garbage: damage,
    async corrupt(id, contents) {
      await writeFile(join(directory, sessionFileName(id)), contents(id))
      return true
    },
    async cleanup() {
      await store.close?.()
      rmSync(directory, { recursive: true, force: true })
    },
  }
})
