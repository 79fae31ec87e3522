// "Your devices": list the signed-in user's sessions, revoke one, or log out everywhere else, through the store's
// per-user API. Forms name sessions by handle (a hash of the id), and a handle is looked up in the user's own
// sessions only, so no one can end a session that is not theirs.
import { Router } from 'express'
import { describeBrowser } from '../describe-browser.js'
import { pageContext } from '../page-context.js'
import { sessionHandle } from '../session-handle.js'
import { devicesPage } from '../views/devices-page.js'

/**
 * @typedef {Required<Pick<import('sessionkit').SessionStore, 'listSessionsOfUser' | 'destroySessionsOfUser' | 'destroy'>>} PerUserStore
 */

/**
 * @param {import('express').Request} req
 * @returns {import('../users/user-directory.js').DemoUser | undefined}
 */
function userOf(req) {
  return /** @type {import('../users/user-directory.js').DemoUser | undefined} */ (req.user)
}

/** Sends visitors who are not signed in to the login form. @type {import('express').RequestHandler} */
function requireUser(req, res, next) {
  if (userOf(req)) return next()
  req.flash('info', 'Please log in to see your devices.')
  res.redirect(303, '/login')
}

/**
 * @param {import('sessionkit').UserSessionInfo} info
 * @param {string} currentId
 * @returns {import('../views/devices-page.js').DeviceView}
 */
function deviceView(info, currentId) {
  const device = /** @type {{ userAgent?: unknown, ip?: unknown } | undefined} */ (info.record.device)
  const userAgent = typeof device?.userAgent === 'string' ? device.userAgent : ''
  return {
    handle: sessionHandle(info.id),
    browser: describeBrowser(userAgent),
    userAgent,
    ip: typeof device?.ip === 'string' ? device.ip : '',
    createdAt: info.createdAt,
    lastSeenAt: info.lastSeenAt,
    current: info.id === currentId,
  }
}

/**
 * @param {{ store: PerUserStore }} options
 * @returns {import('express').Router}
 */
export function deviceRoutes({ store }) {
  const router = Router()
  router.use('/devices', requireUser)

  router.get('/devices', async (req, res) => {
    const sessions = await store.listSessionsOfUser(/** @type {import('../users/user-directory.js').DemoUser} */ (userOf(req)).id)
    // This device first, then the others as the store lists them: most recently seen first.
    const devices = sessions.map((info) => deviceView(info, req.sessionID)).sort((a, b) => Number(b.current) - Number(a.current))
    res.type('html').send(devicesPage(pageContext(req), devices, Date.now()))
  })

  router.post('/devices/revoke', async (req, res) => {
    const handle = typeof req.body?.device === 'string' ? req.body.device : ''
    const sessions = await store.listSessionsOfUser(/** @type {import('../users/user-directory.js').DemoUser} */ (userOf(req)).id)
    const target = sessions.find((info) => sessionHandle(info.id) === handle)
    if (!target) {
      req.flash('info', 'That device was already signed out.')
    } else if (target.id === req.sessionID) {
      req.flash('info', 'This is the device you are using: to end this session, log out.')
    } else {
      await store.destroy(target.id)
      req.flash('success', `Signed out ${deviceView(target, req.sessionID).browser}.`)
    }
    res.redirect(303, '/devices')
  })

  router.post('/devices/logout-others', async (req, res) => {
    const userId = /** @type {import('../users/user-directory.js').DemoUser} */ (userOf(req)).id
    const ended = await store.destroySessionsOfUser(userId, { except: req.sessionID })
    req.flash('success', ended ? `Signed out ${ended} other ${ended === 1 ? 'device' : 'devices'}.` : 'There were no other devices to sign out.')
    res.redirect(303, '/devices')
  })

  return router
}
