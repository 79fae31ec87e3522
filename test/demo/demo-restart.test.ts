// The demo's default store is SQLite: a restarted server (a new app on the same file) still knows the user, and
// the accounts live in the same file.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import { createDemoApp } from '../../examples/demo/app.js'
import { createDemoStore } from '../../examples/demo/demo-store.js'
import { DemoClient, SECRET, sessionCookieValue } from './demo-client.ts'

describe('demo restart with STORE=sqlite', () => {
  let dataDirectory: string | undefined
  afterEach(async () => {
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true })
  })

  it('keeps the user logged in, and their account, across a restart', async () => {
    dataDirectory = await mkdtemp(join(tmpdir(), 'sessionkit-demo-'))
    const first = await createDemoStore('sqlite', { dataDirectory })
    const visitor = new DemoClient(createDemoApp({ secret: SECRET, store: first.store, users: first.users }))
    const cookie = sessionCookieValue(await visitor.signUp('restart@example.com'))
    await first.close()

    const second = await createDemoStore('sqlite', { dataDirectory })
    try {
      const restarted = createDemoApp({ secret: SECRET, store: second.store, users: second.users })
      const home = await request(restarted).get('/').set('Cookie', `demo.sid=${cookie}`).expect(200)
      expect(home.text).toContain('Signed in as <strong>restart@example.com</strong>')
      // The account is in the file too: a second device can log in after the restart.
      await new DemoClient(restarted).logIn('restart@example.com')
    } finally {
      await second.close()
    }
  })
})
