import { describeValue, invalidOptionError } from './errors.js'

/**
 * Rules browsers apply to cookies that every face checks when it is created, so a cookie the browser would
 * silently drop fails at start-up instead.
 */

/** Why the cookie must be `Secure` (a name prefix, `SameSite=None`, `Partitioned`), or `undefined`. */
export function secureRequirementOf(name: string, sameSite: unknown, partitioned: unknown): string | undefined {
  if (name.startsWith('__Host-')) return 'its name starts with __Host-'
  if (name.startsWith('__Secure-')) return 'its name starts with __Secure-'
  if (sameSite === 'none') return 'it is SameSite=None'
  if (partitioned === true) return 'it is Partitioned'
  return undefined
}

/**
 * Whether the cookie goes out with `Secure` on one request: `'auto'` means on HTTPS (`https`, asked only then),
 * and always for a cookie that must be Secure (`requiredBy`, see {@link secureRequirementOf}).
 */
export function secureAttributeOf<S extends boolean | undefined>(secure: S | 'auto', requiredBy: string | undefined, https: () => boolean): S | boolean {
  return secure === 'auto' ? requiredBy !== undefined || https() : secure
}

/** Throws when a `__Host-` cookie comes with a path other than `/` or a domain, which browsers reject. */
export function checkHostPrefix(name: string, path: string | undefined, domain: string | undefined, optionPrefix: string): void {
  if (!name.startsWith('__Host-') || ((path ?? '/') === '/' && domain === undefined)) return
  const setting = domain !== undefined ? `domain ${describeValue(domain)}` : `path ${describeValue(path)}`
  throw new TypeError(
    `sessionkit: option ${optionPrefix}name is invalid: ${describeValue(name)} with ${setting}. Browsers accept a __Host- cookie only with Path=/ and no Domain: use path: '/' and no domain, or drop the __Host- prefix.`,
  )
}

/** Throws when a cookie that must be `Secure` (see {@link secureRequirementOf}) is not (`secure` neither `true` nor `'auto'`). */
export function checkSecureRequirement(requirement: string | undefined, secure: unknown, optionPrefix: string): void {
  if (requirement === undefined || secure === true || secure === 'auto') return
  throw new TypeError(
    `sessionkit: option ${optionPrefix}secure is invalid: ${describeValue(secure)}, but the cookie must be Secure because ${requirement} (browsers drop it otherwise). Use secure: true (or 'auto'), or change the cookie so it does not need Secure.`,
  )
}

/** The `Clear-Site-Data` directives an option may name. */
export type ClearSiteDataDirective = 'cache' | 'cookies' | 'storage' | 'executionContexts' | '*'

const CLEAR_SITE_DATA_DIRECTIVES: readonly ClearSiteDataDirective[] = ['cache', 'cookies', 'storage', 'executionContexts', '*']

/** What `clearSiteData: true` sends: the browser's cache, cookies and storage of the site. */
export const DEFAULT_CLEAR_SITE_DATA: readonly ClearSiteDataDirective[] = ['cache', 'cookies', 'storage']

/** The `Clear-Site-Data` header value of the `clearSiteData` option, or `undefined` when off. */
export function checkedClearSiteData(value: unknown): string | undefined {
  if (value === undefined || value === false) return undefined
  const directives = value === true ? DEFAULT_CLEAR_SITE_DATA : value
  if (
    !Array.isArray(directives) ||
    directives.length === 0 ||
    !directives.every((directive) => (CLEAR_SITE_DATA_DIRECTIVES as readonly unknown[]).includes(directive))
  ) {
    throw invalidOptionError('clearSiteData', value, `Pass true (${DEFAULT_CLEAR_SITE_DATA.map((d) => `"${d}"`).join(', ')}), or a list of ${CLEAR_SITE_DATA_DIRECTIVES.map((d) => `'${d}'`).join(', ')}.`)
  }
  return (directives as readonly string[]).map((directive) => `"${directive}"`).join(', ')
}
