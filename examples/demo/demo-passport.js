// Passport with two passport-local strategies: 'login' checks a password, 'signup' creates the account. Both
// answer a bad form with `done(null, false, { message })`, which `failureFlash: true` turns into a flash message
// on the form the user is sent back to.
import { randomUUID } from 'node:crypto'
import passportModule from 'passport'
import passportLocal from 'passport-local'
import { hashPassword, verifyAgainstNoUser, verifyPassword } from './password-hash.js'
import { normalizeEmail } from './users/user-directory.js'

export const TAKEN_EMAIL_MESSAGE = 'That email is already taken.'
export const WRONG_CREDENTIALS_MESSAGE = 'Wrong email or password.'
export const MISSING_CREDENTIALS_MESSAGE = 'Please enter your email and password.'
const MAX_EMAIL_LENGTH = 254
const MIN_PASSWORD_LENGTH = 8
// scrypt reads the whole password; a bound keeps a huge one from costing the server.
const MAX_PASSWORD_LENGTH = 200
const FIELDS = { usernameField: 'email', passwordField: 'password' }

/**
 * Why a sign-up form cannot be accepted, or `undefined` when it can.
 * @param {string} email  normalized
 * @param {string} password
 * @returns {string | undefined}
 */
function signupProblem(email, password) {
  if (email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+$/.test(email)) return 'Please enter a valid email address.'
  const length = Array.from(password).length // characters, not UTF-16 units
  if (length < MIN_PASSWORD_LENGTH) return `Please choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`
  if (length > MAX_PASSWORD_LENGTH) return `A password is at most ${MAX_PASSWORD_LENGTH} characters.`
  return undefined
}

/**
 * A Passport instance of its own (not the module's shared one), so two demo apps in one process never mix users.
 * @param {import('./users/user-directory.js').UserDirectory} users
 * @returns {import('passport').Authenticator}
 */
export function createDemoPassport(users) {
  const passport = new passportModule.Passport()

  passport.use(
    'login',
    new passportLocal.Strategy(FIELDS, (email, password, done) => {
      const login = async () => {
        if (password.length > MAX_PASSWORD_LENGTH) return false
        const user = await users.findByEmail(normalizeEmail(email))
        // An unknown email costs the same time as a wrong password, so timing does not tell which emails exist.
        const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNoUser(password)
        return valid && user
      }
      login().then(
        (user) => (user ? done(null, user) : done(null, false, { message: WRONG_CREDENTIALS_MESSAGE })),
        (err) => done(err),
      )
    }),
  )

  passport.use(
    'signup',
    new passportLocal.Strategy(FIELDS, (rawEmail, password, done) => {
      const signup = async () => {
        const email = normalizeEmail(rawEmail)
        const problem = signupProblem(email, password)
        if (problem) return { problem }
        // Checked before hashing, so a taken email costs no scrypt run.
        if (await users.findByEmail(email)) return { problem: TAKEN_EMAIL_MESSAGE }
        const user = { id: randomUUID(), email, passwordHash: await hashPassword(password), createdAt: new Date().toISOString() }
        // `add` refuses a taken email atomically too, so two parallel sign-ups with one email cannot both succeed.
        return (await users.add(user)) ? { user } : { problem: TAKEN_EMAIL_MESSAGE }
      }
      signup().then(
        (result) => ('user' in result ? done(null, result.user) : done(null, false, { message: result.problem })),
        (err) => done(err),
      )
    }),
  )

  // The session keeps only the user's id (at session.passport.user); each request looks the user up again.
  passport.serializeUser((user, done) => done(null, /** @type {import('./users/user-directory.js').DemoUser} */ (user).id))
  passport.deserializeUser((id, done) => {
    users.findById(/** @type {string} */ (id)).then((user) => done(null, user ?? false), done)
  })
  return passport
}
