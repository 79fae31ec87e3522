/**
 * A cookie value as the `cookie` package decodes it: URI-decoded when it holds a `%`, and left as it is when
 * that decoding fails (a stray `%` in someone else's cookie must not break the request).
 */
export function decodeCookieValue(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
