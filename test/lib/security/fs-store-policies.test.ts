import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FsStore } from '../../../src/stores/fs.ts'
import { describeSessionPolicies } from '../../support/session-policy-scenarios.ts'

describeSessionPolicies('FsStore', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'sessionkit-policies-'))
  return { store: new FsStore({ directory }), cleanup: () => rm(directory, { recursive: true, force: true }) }
})
