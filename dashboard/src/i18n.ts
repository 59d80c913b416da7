// Texts in Bahasa Indonesia (the default) and English, switched by the header's button and
// remembered in localStorage; number, date and duration formats follow the language, dates are
// shown in WIB (or the site's own zone) whatever the browser's zone.

import { computed, signal } from '@preact/signals';

export type Lang = 'id' | 'en';
const STORE_KEY = 'pantau.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export const lang = signal<Lang>(initialLang());

export function setLang(next: Lang): void {
  lang.value = next;
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  try {
    localStorage.setItem(STORE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
}
// Absent under the unit tests, which run the pure text functions in Node.
if (typeof document !== 'undefined') document.documentElement.lang = lang.value;

const ID = {
  'app.name': 'Pantau',
  'app.tagline': 'Pemantau jaringan kabupaten',
  'nav.board': 'Status',
  'nav.wall': 'Layar NOC',
  'nav.map': 'Peta',
  'nav.incidents': 'Insiden',
  'nav.availability': 'Ketersediaan',
  'nav.health': 'Kesehatan',
  'nav.main': 'Navigasi utama',
  'lang.switch': 'English',
  'lang.switchLabel': 'Ganti bahasa ke English',
  'theme.switch': 'Ganti tema terang/gelap',
  'conn.live': 'Langsung',
  'conn.connecting': 'Menghubungkan…',
  'conn.reconnecting': 'Menyambung ulang…',
  'conn.label': 'Koneksi ke server',
  'state.unknown': 'Tidak diketahui',
  'state.up': 'Normal',
  'state.degraded': 'Menurun',
  'state.snmp-failed': 'SNMP gagal',
  'state.down': 'Putus',
  'state.unreachable': 'Tak terjangkau',
  'state.maintenance': 'Pemeliharaan',
  'kind.core': 'Inti',
  'kind.opd': 'OPD',
  'kind.kecamatan': 'Kecamatan',
  'kind.kelurahan': 'Kelurahan',
  'kind.desa': 'Desa',
  'isolation.banner':
    'Pantau terputus dari jaringan sejak {since}: status situs tidak diketahui, bukan putus.',
  'board.title': 'Status jaringan',
  'board.counts': 'Jumlah situs per status',
  'board.all': 'Semua',
  'board.filterKind': 'Jenis',
  'board.filterKecamatan': 'Kecamatan',
  'board.filterIsp': 'ISP',
  'board.filterState': 'Status',
  'board.search': 'Cari situs',
  'board.searchPlaceholder': 'Nama atau ID…',
  'board.clear': 'Hapus filter',
  'board.shown': '{n} dari {total} situs',
  'board.none': 'Tidak ada situs yang cocok dengan filter.',
  'board.openIncidents': 'Insiden terbuka',
  'board.noIncidents': 'Tidak ada insiden terbuka.',
  'board.behind': '{n} situs terdampak',
  'board.rootCause': 'Akar masalah',
  'board.showAll': 'Tampilkan semua ({n})',
  'board.showFewer': 'Tampilkan lebih sedikit',
  'board.opdGroup': 'Organisasi Perangkat Daerah (OPD)',
  'board.coreGroup': 'Inti jaringan',
  'board.loading': 'Memuat…',
  'board.causeOf': 'karena {cause} putus',
  'board.flapping': 'tidak stabil',
  'wall.inTrouble': 'Bermasalah',
  'wall.allUp': 'Semua situs normal',
  'wall.sound': 'Bunyi saat gangguan baru',
  'wall.exit': 'Keluar dari layar NOC',
  'time.justNow': 'baru saja',
  'time.secondsAgo': '{n} detik lalu',
  'time.minutesAgo': '{n} menit lalu',
  'time.hoursAgo': '{n} jam lalu',
  'time.daysAgo': '{n} hari lalu',
  'time.never': 'belum pernah',
  'error.load': 'Gagal memuat: {message}',
  'notFound.title': 'Halaman tidak ditemukan',
  'notFound.back': 'Kembali ke status',
} as const;

export type TextKey = keyof typeof ID;

const EN: Record<TextKey, string> = {
  'app.name': 'Pantau',
  'app.tagline': 'Regency network monitor',
  'nav.board': 'Status',
  'nav.wall': 'NOC wall',
  'nav.map': 'Map',
  'nav.incidents': 'Incidents',
  'nav.availability': 'Availability',
  'nav.health': 'Health',
  'nav.main': 'Main navigation',
  'lang.switch': 'Bahasa Indonesia',
  'lang.switchLabel': 'Switch language to Bahasa Indonesia',
  'theme.switch': 'Switch light/dark theme',
  'conn.live': 'Live',
  'conn.connecting': 'Connecting…',
  'conn.reconnecting': 'Reconnecting…',
  'conn.label': 'Connection to the server',
  'state.unknown': 'Unknown',
  'state.up': 'Up',
  'state.degraded': 'Degraded',
  'state.snmp-failed': 'SNMP failed',
  'state.down': 'Down',
  'state.unreachable': 'Unreachable',
  'state.maintenance': 'Maintenance',
  'kind.core': 'Core',
  'kind.opd': 'OPD',
  'kind.kecamatan': 'Kecamatan',
  'kind.kelurahan': 'Kelurahan',
  'kind.desa': 'Desa',
  'isolation.banner':
    'Pantau has been cut off from the network since {since}: site states are unknown, not down.',
  'board.title': 'Network status',
  'board.counts': 'Sites by state',
  'board.all': 'All',
  'board.filterKind': 'Kind',
  'board.filterKecamatan': 'Kecamatan',
  'board.filterIsp': 'ISP',
  'board.filterState': 'State',
  'board.search': 'Search sites',
  'board.searchPlaceholder': 'Name or ID…',
  'board.clear': 'Clear filters',
  'board.shown': '{n} of {total} sites',
  'board.none': 'No site matches the filters.',
  'board.openIncidents': 'Open incidents',
  'board.noIncidents': 'No open incidents.',
  'board.behind': '{n} sites affected',
  'board.rootCause': 'Root cause',
  'board.showAll': 'Show all ({n})',
  'board.showFewer': 'Show fewer',
  'board.opdGroup': 'Regional government offices (OPD)',
  'board.coreGroup': 'Network core',
  'board.loading': 'Loading…',
  'board.causeOf': 'because {cause} is down',
  'board.flapping': 'flapping',
  'wall.inTrouble': 'In trouble',
  'wall.allUp': 'All sites up',
  'wall.sound': 'Sound on a new outage',
  'wall.exit': 'Leave the NOC wall',
  'time.justNow': 'just now',
  'time.secondsAgo': '{n} s ago',
  'time.minutesAgo': '{n} min ago',
  'time.hoursAgo': '{n} h ago',
  'time.daysAgo': '{n} d ago',
  'time.never': 'never',
  'error.load': 'Could not load: {message}',
  'notFound.title': 'Page not found',
  'notFound.back': 'Back to the status board',
};

const TEXTS: Record<Lang, Record<TextKey, string>> = { id: ID, en: EN };

/** The text for `key` in the current language, with `{name}` filled from `vars`. */
export function t(key: TextKey, vars?: Record<string, string | number>): string {
  const text = TEXTS[lang.value][key];
  // Most texts have no blank to fill: 10,000 tiles ask for a few each.
  if (vars === undefined || !text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** Adds texts of a page's own (each page keeps its dictionary beside it). */
export function texts<K extends string>(
  dictionary: Record<Lang, Record<K, string>>,
): (key: K, vars?: Record<string, string | number>) => string {
  return (key, vars = {}) =>
    dictionary[lang.value][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    );
}

const locale = computed(() => (lang.value === 'id' ? 'id-ID' : 'en-GB'));

export const DEFAULT_ZONE = 'Asia/Jakarta';

/** Zone abbreviations people here use, instead of "GMT+7". */
const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

// Intl formatters are costly to build: one per locale and option set, kept.
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, fractionDigits = 0): string {
  const key = `${locale.value}/${fractionDigits}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale.value, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

export function formatRupiah(value: number): string {
  return new Intl.NumberFormat('id-ID', {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
  }).format(value);
}

/** "5 Des 2026 07.30 WIB": date and time in the zone, with the zone's local name. */
export function formatDateTime(ms: number, zone = DEFAULT_ZONE, withSeconds = false): string {
  const text = new Intl.DateTimeFormat(locale.value, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(ms);
  return `${text} ${ZONE_NAMES[zone] ?? zone}`;
}

export function formatTime(ms: number, zone = DEFAULT_ZONE): string {
  return new Intl.DateTimeFormat(locale.value, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/** "3 menit lalu" / "3 min ago". */
export function formatAgo(ms: number | null, nowMs: number): string {
  if (ms === null) return t('time.never');
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 10) return t('time.justNow');
  if (s < 60) return agoText('time.secondsAgo', s);
  if (s < 3600) return agoText('time.minutesAgo', Math.floor(s / 60));
  if (s < 86_400) return agoText('time.hoursAgo', Math.floor(s / 3600));
  return agoText('time.daysAgo', Math.floor(s / 86_400));
}

// "5 menit lalu" is asked for by thousands of tiles at once: each text made once per language.
const agoTexts = new Map<string, string>();
function agoText(key: TextKey, n: number): string {
  const cacheKey = `${lang.value}|${key}|${n}`;
  let text = agoTexts.get(cacheKey);
  if (text === undefined) {
    text = t(key, { n });
    if (agoTexts.size > 2000) agoTexts.clear();
    agoTexts.set(cacheKey, text);
  }
  return text;
}

/** "2 j 5 mnt" / "2 h 5 min": a duration, in its two largest units. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  // Indonesian abbreviations that cannot be read as months or days: hr, j, mnt, dtk.
  const units: [number, string, string][] = [
    [86_400, 'hr', 'd'],
    [3600, 'j', 'h'],
    [60, 'mnt', 'min'],
    [1, 'dtk', 's'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, id, en] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (parts.length === 0 && size === 1))
      parts.push(`${n} ${lang.value === 'id' ? id : en}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
