// The sign-up and log-in forms. Errors come back as flash messages after a redirect (see routes/account-routes.js),
// so the forms themselves only ever show empty fields.
import { csrfField, layout } from './layout.js'

/** @typedef {import('./layout.js').PageContext} PageContext */

/** @param {PageContext} ctx */
export function signupPage(ctx) {
  return layout(
    'Sign up',
    `<form method="post" action="/signup">
      ${csrfField(ctx)}
      <label for="email">Email</label>
      <input type="email" id="email" name="email" maxlength="254" required autofocus autocomplete="email">
      <label for="password">Password <span class="hint">(at least 8 characters)</span></label>
      <input type="password" id="password" name="password" minlength="8" maxlength="200" required autocomplete="new-password">
      <p><button type="submit" class="primary">Create account</button></p>
    </form>
    <p>Already have an account? <a href="/login">Log in</a>.</p>`,
    ctx,
  )
}

/** @param {PageContext} ctx */
export function loginPage(ctx) {
  return layout(
    'Log in',
    `<form method="post" action="/login">
      ${csrfField(ctx)}
      <label for="email">Email</label>
      <input type="email" id="email" name="email" maxlength="254" required autofocus autocomplete="username">
      <label for="password">Password</label>
      <input type="password" id="password" name="password" maxlength="200" required autocomplete="current-password">
      <p><button type="submit" class="primary">Log in</button></p>
    </form>
    <p>No account yet? <a href="/signup">Sign up</a>.</p>`,
    ctx,
  )
}
