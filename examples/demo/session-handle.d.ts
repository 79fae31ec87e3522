// Types of session-handle.js, for the TypeScript tests.

/** The handle the devices page names a session by: a truncated SHA-256 of its id, never the id. */
export declare function sessionHandle(sessionId: string): string
