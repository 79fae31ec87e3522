import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sessionFileName } from '../../../../src/lib/stores/fs/session-file-name.ts'
import { FsStore } from '../../../../src/stores/fs.ts'
import { describePartialUpdates } from '../../../support/partial-update-scenarios.ts'
import { describeStoreConformance } from '../../../support/store-conformance.ts'

describeStoreConformance('FsStore', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'sessionkit-fs-conformance-'))
  const store = new FsStore({ directory })
  const fileOf = (id: string) => join(directory, sessionFileName(id))
  return {
    store,
    cleanup: () => rm(directory, { recursive: true, force: true }),
    expire: async (id: string) => {
      const file = JSON.parse(await readFile(fileOf(id), 'utf8')) as { expiresAt: number }
      await writeFile(fileOf(id), JSON.stringify({ ...file, expiresAt: Date.now() }))
    },
    corrupt: async (id: string) => {
      await writeFile(fileOf(id), '{not json')
    },
  }
})

describePartialUpdates('FsStore', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'sessionkit-fs-partial-'))
  return { store: new FsStore({ directory }), cleanup: () => rm(directory, { recursive: true, force: true }) }
})
