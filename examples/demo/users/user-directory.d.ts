// Types of user-directory.js, for the TypeScript tests.

/** A demo account. */
export interface DemoUser {
  /** Random UUID; what Passport keeps in the session (`session.passport.user`). */
  id: string
  /** Normalized with {@link normalizeEmail}. */
  email: string
  /** From `hashPassword` (scrypt). */
  passwordHash: string
  /** ISO 8601. */
  createdAt: string
}

/** Where the demo keeps its accounts; one implementation per backing place. */
export interface UserDirectory {
  /** Stores a new user; false (and nothing stored) when the email is taken. */
  add(user: DemoUser): Promise<boolean>
  /** `email` normalized. */
  findByEmail(email: string): Promise<DemoUser | undefined>
  findById(id: string): Promise<DemoUser | undefined>
}

/** The form of an email the directory keys on: trimmed, lower case. */
export declare function normalizeEmail(email: string): string
