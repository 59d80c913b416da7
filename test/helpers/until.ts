// Polls until a condition holds (or gives a value), failing with what was awaited and, when the
// check's last attempt threw, with that error's message (the error itself kept as `cause`).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  check: () => T | Promise<T>,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<Exclude<T, null | undefined | false>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let value: T | null = null;
    // Set only when this attempt threw: an error from an earlier attempt is not why the last failed.
    let failure: { error: unknown } | undefined;
    try {
      value = await Promise.resolve().then(check);
    } catch (error) {
      failure = { error };
    }
    if (value) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > end) {
      if (failure === undefined) throw new Error(`timed out waiting for ${what}`);
      const { error } = failure;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`timed out waiting for ${what}: ${message}`, { cause: error });
    }
    await sleep(everyMs);
  }
}
