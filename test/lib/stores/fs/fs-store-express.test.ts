import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { FsStore } from '../../../../src/stores/fs.ts'
import { expectViewsToSurviveStoreRestart } from '../../../support/express-session-view-counter.ts'

const directory = await mkdtemp(join(tmpdir(), 'sessionkit-fs-express-'))
afterAll(() => rm(directory, { recursive: true, force: true }))

describe('FsStore as the store of express-session (through NativeStoreBridge, Express 5)', () => {
  it('counts views across requests, and the count survives a restart of the store', async () => {
    const path = join(directory, 'sessions')
    await expectViewsToSurviveStoreRestart(() => new FsStore({ directory: path }))
  })
})
