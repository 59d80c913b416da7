// A small client-side router: the path and query string as signals, links that push history, and
// query parameters that filters keep in the URL (so a filtered board can be bookmarked or shared).

import { computed, signal } from '@preact/signals';

export const currentPath = signal(location.pathname);
export const currentQuery = signal(location.search);

addEventListener('popstate', () => {
  currentPath.value = location.pathname;
  currentQuery.value = location.search;
});

export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  const next = new URL(url, location.href);
  currentPath.value = next.pathname;
  currentQuery.value = next.search;
  if (!replace) scrollTo(0, 0);
}

export const queryParams = computed(() => new URLSearchParams(currentQuery.value));

/** Sets (or with '' removes) query parameters, replacing the history entry. */
export function setQuery(changes: Record<string, string>): void {
  const params = new URLSearchParams(currentQuery.value);
  for (const [key, value] of Object.entries(changes)) {
    if (value === '') params.delete(key);
    else params.set(key, value);
  }
  const search = params.toString();
  navigate(`${currentPath.value}${search === '' ? '' : `?${search}`}`, true);
}

/** A click on an in-app link: handled here unless it opens elsewhere (new tab, modifier keys). */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest('a');
  if (!anchor || anchor.target === '_blank' || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
