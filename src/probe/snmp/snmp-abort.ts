// One 'abort' listener per signal however many polls wait on it: a collector hands the same signal
// to thousands of polls, and Node warns past ten listeners on one EventTarget.

type Callback = () => void;

const waiting = new WeakMap<AbortSignal, Set<Callback>>();

/** Calls `callback` once when `signal` aborts; returns the function that stops waiting. */
export function onAbort(signal: AbortSignal, callback: Callback): () => void {
  let set = waiting.get(signal);
  if (!set) {
    const callbacks = new Set<Callback>();
    set = callbacks;
    waiting.set(signal, callbacks);
    signal.addEventListener(
      'abort',
      () => {
        waiting.delete(signal);
        for (const cb of callbacks) cb();
        callbacks.clear();
      },
      { once: true },
    );
  }
  const callbacks = set;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
  };
}
