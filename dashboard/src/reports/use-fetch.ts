// A page's data from the API: fetched when its request changes and again every `refreshMs`; the
// last answer stays on screen while the next one loads, so a refresh never blanks the table.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { getJson } from '../api.js';

export interface Fetched<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  /** When the shown data arrived (epoch ms). */
  readonly at: number | null;
}

export function useFetch<T>(
  request: string | null,
  options: { refreshMs?: number; load?: (path: string, signal: AbortSignal) => Promise<T> } = {},
): Fetched<T> {
  const state = useSignal<Fetched<T>>({ data: null, error: null, loading: true, at: null });
  const { refreshMs, load = getJson<T> } = options;
  useEffect(() => {
    if (request === null) {
      state.value = { ...state.peek(), loading: false };
      return;
    }
    let controller = new AbortController();
    const run = async () => {
      controller.abort();
      controller = new AbortController();
      state.value = { ...state.peek(), loading: true };
      try {
        const data = await load(request, controller.signal);
        state.value = { data, error: null, loading: false, at: Date.now() };
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        state.value = { ...state.peek(), error: (error as Error).message, loading: false };
      }
    };
    void run();
    const timer = refreshMs === undefined ? undefined : setInterval(run, refreshMs);
    return () => {
      controller.abort();
      if (timer !== undefined) clearInterval(timer);
    };
  }, [request, refreshMs]);
  return state.value;
}
