// Polls until a condition holds (or gives a value), failing with what was awaited.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  check: () => T | Promise<T>,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<Exclude<T, null | undefined | false>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => null);
    if (value) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
