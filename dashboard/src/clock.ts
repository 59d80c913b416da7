// The current time as a signal, ticking every 10 s: "3 menit lalu" stays true without a re-render
// of everything each second.
import { signal } from '@preact/signals';

export const now = signal(Date.now());
setInterval(() => {
  now.value = Date.now();
}, 10_000);
