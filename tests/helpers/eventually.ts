/** Polls an assertion until it passes or the deadline passes; no fixed sleeps in tests. */
export async function eventually<T>(check: () => T | Promise<T>, { timeout = 10_000, interval = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

/** Resolves on the first call of a once-style event, with a deadline. */
export function waitFor<T>(
  register: (resolve: (value: T) => void) => void,
  timeout = 10_000,
  what = 'event',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeout);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
