// socket.io room names: one for every site's status, one per kecamatan, one per open site page.

/** Clients that watch every site. */
export const STATUS_ROOM = 'status';

export function kecamatanRoom(kecamatan: string): string {
  return `status:kecamatan:${kecamatan}`;
}

/** The status room of a scope: a kecamatan's, or null for every site. */
export function statusRoom(kecamatan: string | null): string {
  return kecamatan === null ? STATUS_ROOM : kecamatanRoom(kecamatan);
}

export function siteRoom(siteId: string): string {
  return `site:${siteId}`;
}
