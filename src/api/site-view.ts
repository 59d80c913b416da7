// A site as the API shows it: inventory facts with its current state. Pure.

import type { Site } from '../inventory/index.js';
import type { SiteState } from '../status/index.js';

export interface SiteView {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly kecamatan: string;
  readonly isp: string;
  readonly parentId: string | null;
  readonly state: string;
  readonly since: number | null;
  /** The root-cause site of an unreachable one. */
  readonly causeId: string | null;
  readonly flapping: boolean;
}

export function siteView(site: Site, state: SiteState | undefined): SiteView {
  const status = state?.status ?? { state: 'unknown' as const };
  return {
    id: site.id,
    name: site.name,
    kind: site.kind,
    kecamatan: site.kecamatan,
    isp: site.isp,
    parentId: site.parentId,
    state: status.state,
    since: state?.since ?? null,
    causeId: status.state === 'unreachable' ? status.causeId : null,
    flapping: state?.flapping ?? false,
  };
}

export const SITE_VIEW_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    kecamatan: { type: 'string' },
    isp: { type: 'string' },
    parentId: { type: ['string', 'null'] },
    state: { type: 'string' },
    since: { type: ['number', 'null'] },
    causeId: { type: ['string', 'null'] },
    flapping: { type: 'boolean' },
  },
  required: [
    'id',
    'name',
    'kind',
    'kecamatan',
    'isp',
    'parentId',
    'state',
    'since',
    'causeId',
    'flapping',
  ],
} as const;
