// Sign up, log in and log out. Passport regenerates the session on login (a new id: an id planted before login is
// worthless after it); logout destroys the session and clears its cookie.
import { Router } from 'express'
import { MISSING_CREDENTIALS_MESSAGE } from '../demo-passport.js'
import { pageContext, plainPageContext } from '../page-context.js'
import { loginPage, signupPage } from '../views/account-pages.js'
import { loggedOutPage } from '../views/pages.js'

// Only so much of the header is kept: it is shown on the devices page and stored with every session.
const MAX_USER_AGENT_LENGTH = 512

/**
 * After Passport has logged the user in (in the new session): records which device this is for the devices page,
 * then says hello on the next page.
 * @param {(user: import('../users/user-directory.js').DemoUser) => string} welcome
 * @returns {import('express').RequestHandler}
 */
function afterLogin(welcome) {
  return (req, res) => {
    const session = /** @type {{ device?: { userAgent: string, ip: string } }} */ (/** @type {unknown} */ (req.session))
    session.device = { userAgent: (req.get('user-agent') ?? '').slice(0, MAX_USER_AGENT_LENGTH), ip: req.ip ?? '' }
    req.flash('success', welcome(/** @type {import('../users/user-directory.js').DemoUser} */ (req.user)))
    res.redirect(303, '/')
  }
}

/**
 * What a failed form does: back to the form, with Passport's message as a flash message of type 'error'.
 * (`badRequestMessage` is passport-local's text for a form without email or password.)
 * @param {string} form
 */
function backToForm(form) {
  /** @type {import('passport').AuthenticateOptions & { badRequestMessage: string }} */
  const options = { failureRedirect: form, failureFlash: true, badRequestMessage: MISSING_CREDENTIALS_MESSAGE }
  return options
}

/**
 * @param {{ passport: import('passport').Authenticator }} options
 * @returns {import('express').Router}
 */
export function accountRoutes({ passport }) {
  const router = Router()

  router.get('/signup', (req, res) => {
    res.type('html').send(signupPage(pageContext(req)))
  })
  // A taken email comes back to the form with "That email is already taken." shown once: the flash message is
  // stored with the session before the redirect leaves, and taken by the page that shows it.
  router.post(
    '/signup',
    passport.authenticate('signup', backToForm('/signup')),
    afterLogin((user) => `Welcome, ${user.email}! Your account is ready.`),
  )

  router.get('/login', (req, res) => {
    res.type('html').send(loginPage(pageContext(req)))
  })
  router.post(
    '/login',
    passport.authenticate('login', backToForm('/login')),
    afterLogin((user) => `Welcome back, ${user.email}!`),
  )

  // Destroying the session logs out of Passport too (its login lives in the session). Passport's req.logout()
  // would regenerate the session instead and leave a cookie behind; here the cookie goes as well
  // (clearCookieOnDestroy).
  router.post('/logout', async (req, res) => {
    await req.session.destroy()
    res.redirect(303, '/logged-out')
  })
  // No session is left to carry a flash message, so the goodbye is a page that does not start one.
  router.get('/logged-out', (req, res) => {
    if (req.user) return res.redirect('/') // signed in (again): nothing to say goodbye to
    res.type('html').send(loggedOutPage(plainPageContext(req)))
  })

  return router
}
