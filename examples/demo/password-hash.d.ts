// Types of password-hash.js, for the TypeScript tests.

/** Hashes a password for storing: `scrypt$N$r$p$salt$key`. */
export declare function hashPassword(password: string): Promise<string>
/** Whether `password` matches a hash made by {@link hashPassword} (constant-time comparison). */
export declare function verifyPassword(password: string, stored: string): Promise<boolean>
/** Spends the time of one password check and returns false: for logins with an unknown email. */
export declare function verifyAgainstNoUser(password: string): Promise<false>
