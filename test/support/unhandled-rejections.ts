/**
 * Collects the process's unhandled promise rejections while a test runs, to prove that a failing
 * callback of the library under test never turns into one (which would end a Node process by default).
 */
export function collectUnhandledRejections(): { settle(): Promise<unknown[]>; stop(): void } {
  const reasons: unknown[] = []
  const onRejection = (reason: unknown): void => {
    reasons.push(reason)
  }
  process.on('unhandledRejection', onRejection)
  return {
    // Node reports an unhandled rejection after the microtasks of the turn that made it: two macrotasks suffice.
    async settle() {
      await new Promise((resolve) => setImmediate(resolve))
      await new Promise((resolve) => setTimeout(resolve, 10))
      return reasons
    },
    stop() {
      process.off('unhandledRejection', onRejection)
    },
  }
}
