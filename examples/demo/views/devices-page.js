// "Your devices": the live sessions of the signed-in user, this one marked, the others each with a "Revoke" form.
// Forms name sessions by their handle (a hash), never by id: an id in a page could be stolen from it.
import { escapeHtml } from '../escape-html.js'
import { csrfField, layout } from './layout.js'

/**
 * @typedef {object} DeviceView
 * @property {string} handle      the session's handle (session-handle.js)
 * @property {string} browser     from describe-browser.js
 * @property {string} userAgent   the raw header, shown on hover
 * @property {string} ip          where the login came from
 * @property {Date} createdAt
 * @property {Date} lastSeenAt
 * @property {boolean} current    the session of this request
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * "just now", "5 minutes ago", "3 hours ago", "2 days ago".
 * @param {Date} at
 * @param {number} now
 * @returns {string}
 */
export function timeAgo(at, now) {
  const elapsed = Math.max(0, now - at.getTime())
  /** @param {number} n @param {string} unit */
  const ago = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'} ago`
  if (elapsed < MINUTE) return 'just now'
  if (elapsed < HOUR) return ago(Math.floor(elapsed / MINUTE), 'minute')
  if (elapsed < DAY) return ago(Math.floor(elapsed / HOUR), 'hour')
  return ago(Math.floor(elapsed / DAY), 'day')
}

/**
 * @param {Date} at
 * @param {number} now
 * @returns {string}  a <time> element: relative text, the exact UTC time on hover
 */
function timeElement(at, now) {
  const iso = at.toISOString()
  return `<time datetime="${iso}" title="${iso.slice(0, 16).replace('T', ' ')} UTC">${timeAgo(at, now)}</time>`
}

/**
 * @param {DeviceView} device
 * @param {import('./layout.js').PageContext} ctx
 * @param {number} now
 * @returns {string}
 */
function deviceItem(device, ctx, now) {
  const action = device.current
    ? '<p class="hint">To end this session, log out.</p>'
    : `<form method="post" action="/devices/revoke">
          ${csrfField(ctx)}<input type="hidden" name="device" value="${escapeHtml(device.handle)}">
          <button type="submit" class="danger">Revoke</button>
        </form>`
  return `<li class="device${device.current ? ' current' : ''}">
        <h2><span title="${escapeHtml(device.userAgent)}">${escapeHtml(device.browser)}</span>${device.current ? ' <span class="badge">This device</span>' : ''}</h2>
        <dl>
          <dt>IP address</dt><dd>${escapeHtml(device.ip || 'unknown')}</dd>
          <dt>Signed in</dt><dd>${timeElement(device.createdAt, now)}</dd>
          <dt>Last seen</dt><dd>${timeElement(device.lastSeenAt, now)}</dd>
        </dl>
        ${action}
      </li>`
}

/**
 * @param {import('./layout.js').PageContext} ctx
 * @param {DeviceView[]} devices  most recently seen first
 * @param {number} now  epoch milliseconds, for "5 minutes ago"
 */
export function devicesPage(ctx, devices, now) {
  const others = devices.filter((device) => !device.current).length
  const everywhereElse = others
    ? `<form method="post" action="/devices/logout-others">
      ${csrfField(ctx)}<button type="submit" class="danger">Log out everywhere else</button>
    </form>`
    : '<p class="hint">You are signed in on this device only. Log in from another browser to see it here.</p>'
  return layout(
    'Your devices',
    `<p>You are signed in on ${devices.length} ${devices.length === 1 ? 'device' : 'devices'}.</p>
    <ul class="devices">
      ${devices.map((device) => deviceItem(device, ctx, now)).join('\n      ')}
    </ul>
    ${everywhereElse}`,
    ctx,
  )
}
