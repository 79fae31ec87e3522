/**
 * Ports of express-session's test/support/sync-store.js and
 * test/support/smart-store.js. Like the originals they are ES5-style
 * subclasses (util.inherits + Store.call(this)), which is how many
 * third-party stores extend session.Store.
 */
import util from 'node:util'

/* test/support/sync-store.js: calls every callback synchronously */
export function createSyncStore (session: any): new () => any {
  function SyncStore (this: any) {
    session.Store.call(this)
    this.sessions = Object.create(null)
  }

  util.inherits(SyncStore, session.Store)

  SyncStore.prototype.destroy = function destroy (sid: string, callback: (err?: any) => void) {
    delete this.sessions[sid]
    callback()
  }

  SyncStore.prototype.get = function get (sid: string, callback: (err: any, sess?: any) => void) {
    callback(null, JSON.parse(this.sessions[sid]))
  }

  SyncStore.prototype.set = function set (sid: string, sess: any, callback: (err?: any) => void) {
    this.sessions[sid] = JSON.stringify(sess)
    callback()
  }

  return SyncStore as any
}

const defer = setImmediate

/* test/support/smart-store.js: revives expires as a Date, drops expired sessions */
export function createSmartStore (session: any): new () => any {
  function SmartStore (this: any) {
    session.Store.call(this)
    this.sessions = Object.create(null)
  }

  util.inherits(SmartStore, session.Store)

  SmartStore.prototype.destroy = function destroy (sid: string, callback: (err?: any) => void) {
    delete this.sessions[sid]
    defer(callback, null)
  }

  SmartStore.prototype.get = function get (sid: string, callback: (err: any, sess?: any) => void) {
    let sess = this.sessions[sid]

    if (!sess) {
      // (sic) the original never calls back for an unknown sid
      return
    }

    // parse
    sess = JSON.parse(sess)

    if (sess.cookie) {
      // expand expires into Date object
      sess.cookie.expires = typeof sess.cookie.expires === 'string'
        ? new Date(sess.cookie.expires)
        : sess.cookie.expires

      // destroy expired session
      if (sess.cookie.expires && sess.cookie.expires <= Date.now()) {
        delete this.sessions[sid]
        sess = null
      }
    }

    defer(callback, null, sess)
  }

  SmartStore.prototype.set = function set (sid: string, sess: any, callback: (err?: any) => void) {
    this.sessions[sid] = JSON.stringify(sess)
    defer(callback, null)
  }

  return SmartStore as any
}
