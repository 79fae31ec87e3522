// A short, human name for the browser and system in a User-Agent header ("Firefox on Android"), for the devices
// page. Deliberately simple: the first known token wins, in an order that handles the usual disguises (Edge
// and Opera say "Chrome", Chrome says "Safari").

/** @type {ReadonlyArray<readonly [RegExp, string]>} */
const BROWSERS = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bHeadlessChrome\//, 'Headless Chrome'],
  [/\bChrom(e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/^curl\//, 'curl'],
]

/** @type {ReadonlyArray<readonly [RegExp, string]>} */
const SYSTEMS = [
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
]

/**
 * @param {ReadonlyArray<readonly [RegExp, string]>} table
 * @param {string} userAgent
 * @returns {string | undefined}
 */
function firstMatch(table, userAgent) {
  return table.find(([pattern]) => pattern.test(userAgent))?.[1]
}

/**
 * @param {string | undefined} userAgent  the request's User-Agent header
 * @returns {string}  such as "Chrome on Windows", "Safari on iOS", "Firefox" or "Unknown browser"
 */
export function describeBrowser(userAgent) {
  if (!userAgent) return 'Unknown browser'
  const browser = firstMatch(BROWSERS, userAgent) ?? 'Unknown browser'
  const system = firstMatch(SYSTEMS, userAgent)
  return system ? `${browser} on ${system}` : browser
}
