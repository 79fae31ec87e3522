// Types of describe-browser.js, for the TypeScript tests.

/** "Chrome on Windows", "Safari on iOS", "Firefox" or "Unknown browser", from a User-Agent header. */
export declare function describeBrowser(userAgent: string | undefined): string
