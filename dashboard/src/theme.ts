// Light or dark: follows the system until switched, and the switch is remembered.
import { signal } from '@preact/signals';

export type Theme = 'light' | 'dark';
const STORE_KEY = 'pantau.theme';

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(STORE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

const system = matchMedia('(prefers-color-scheme: dark)');
export const theme = signal<Theme>(stored() ?? (system.matches ? 'dark' : 'light'));
document.documentElement.dataset.theme = theme.value;

system.addEventListener('change', (event) => {
  if (stored() === null) applyTheme(event.matches ? 'dark' : 'light', false);
});

export function applyTheme(next: Theme, remember = true): void {
  theme.value = next;
  document.documentElement.dataset.theme = next;
  if (!remember) return;
  try {
    localStorage.setItem(STORE_KEY, next);
  } catch {
    // private mode: for this page only
  }
}
