// Checks across the whole inventory, past what one site's schema can see. Pure: inventory in, problems out.

import { closestName } from './closest.js';
import { SiteTree } from './hierarchy.js';
import type { InventorySources, PlanField, SiteField, SourcePosition } from './sources.js';
import type { Inventory, Site } from './types.js';

export type InventoryCheck =
  | 'duplicate-site-id'
  | 'duplicate-plan-id'
  | 'duplicate-router'
  | 'unknown-parent'
  | 'parent-cycle'
  | 'unknown-plan'
  | 'snmp-v3'
  | 'outside-indonesia';

export interface InventoryProblem {
  readonly severity: 'error' | 'warning';
  readonly check: InventoryCheck;
  /** The site or plan the problem is about: its index in Inventory.sites or .plans. */
  readonly subject: { readonly type: 'site' | 'plan'; readonly index: number; readonly id: string };
  readonly field: SiteField | PlanField;
  /** e.g. `sites[12].parent`, within the file the site is written in when that is known. */
  readonly path: string;
  readonly message: string;
  /** Where the offending value is written, when known. */
  readonly at: SourcePosition | null;
}

/** Indonesia's extent, a little generously: Sabang to Merauke, Miangas to Rote. */
export const INDONESIA_BOUNDS = {
  minLat: -11.1,
  maxLat: 6.1,
  minLon: 94.7,
  maxLon: 141.2,
} as const;

const SITE_FIELD_PATH: Readonly<Record<SiteField, string>> = {
  id: 'id',
  parent: 'parent',
  plan: 'plan',
  'router.host': 'router.host',
  'router.snmp': 'router.snmp',
  location: 'location',
};

export function checkInventory(
  inventory: Inventory,
  sources: InventorySources = { sites: [], plans: [] },
): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  /** Where another site is written, for messages that point at it too. */
  const where = (index: number): string => {
    const source = sources.sites[index];
    return source ? formatPosition(source.at) : `sites[${index}]`;
  };
  const siteProblem = (
    index: number,
    field: SiteField,
    check: InventoryCheck,
    message: string,
    severity: 'error' | 'warning' = 'error',
  ): void => {
    const site = inventory.sites[index] as Site;
    const source = sources.sites[index];
    problems.push({
      severity,
      check,
      subject: { type: 'site', index, id: site.id },
      field,
      path: `${source?.path ?? `sites[${index}]`}.${SITE_FIELD_PATH[field]}`,
      message,
      at: source ? (source.fields[field] ?? source.at) : null,
    });
  };

  // Duplicate plan ids.
  const planIndex = new Map<string, number>();
  inventory.plans.forEach((plan, index) => {
    const first = planIndex.get(plan.id);
    if (first === undefined) {
      planIndex.set(plan.id, index);
      return;
    }
    const source = sources.plans[index];
    const firstSource = sources.plans[first];
    problems.push({
      severity: 'error',
      check: 'duplicate-plan-id',
      subject: { type: 'plan', index, id: plan.id },
      field: 'id',
      path: `${source?.path ?? `plans[${index}]`}.id`,
      message: `plan id ${JSON.stringify(plan.id)} is already used (${firstSource ? formatPosition(firstSource.at) : `plans[${first}]`})`,
      at: source ? (source.fields.id ?? source.at) : null,
    });
  });

  const siteIndex = new Map<string, number>();
  const routers = new Map<string, number>();
  inventory.sites.forEach((site, index) => {
    const first = siteIndex.get(site.id);
    if (first === undefined) siteIndex.set(site.id, index);
    else {
      siteProblem(
        index,
        'id',
        'duplicate-site-id',
        `site id ${JSON.stringify(site.id)} is already used (${where(first)})`,
      );
    }

    const address = `${site.router.host.toLowerCase()}:${site.router.snmpPort}`;
    const sameRouter = routers.get(address);
    if (sameRouter === undefined) routers.set(address, index);
    else {
      const other = inventory.sites[sameRouter] as Site;
      siteProblem(
        index,
        'router.host',
        'duplicate-router',
        `router ${site.router.host} port ${site.router.snmpPort} is also the router of site ${JSON.stringify(other.id)} (${where(sameRouter)})`,
      );
    }

    const v3 = snmpV3Problem(site);
    if (v3) siteProblem(index, 'router.snmp', 'snmp-v3', v3);

    if (site.location && !insideIndonesia(site.location.lat, site.location.lon)) {
      const swapped = insideIndonesia(site.location.lon, site.location.lat);
      siteProblem(
        index,
        'location',
        'outside-indonesia',
        `lat ${site.location.lat}, lon ${site.location.lon} is outside Indonesia (lat ${INDONESIA_BOUNDS.minLat}..${INDONESIA_BOUNDS.maxLat}, lon ${INDONESIA_BOUNDS.minLon}..${INDONESIA_BOUNDS.maxLon})${swapped ? '; are lat and lon swapped?' : ''}`,
        'warning',
      );
    }
  });

  inventory.sites.forEach((site, index) => {
    if (site.parentId !== null && !siteIndex.has(site.parentId)) {
      const hint = closestName(site.parentId, siteIndex.keys());
      siteProblem(
        index,
        'parent',
        'unknown-parent',
        `${JSON.stringify(site.parentId)} is not the id of any site${hint ? ` (did you mean ${hint}?)` : ''}`,
      );
    }
    if (!planIndex.has(site.planId)) {
      const hint = closestName(site.planId, planIndex.keys());
      siteProblem(
        index,
        'plan',
        'unknown-plan',
        `${JSON.stringify(site.planId)} is not the id of any plan${hint ? ` (did you mean ${hint}?)` : ''}`,
      );
    }
  });

  for (const cycle of new SiteTree(inventory.sites).cycles()) {
    const index = siteIndex.get(cycle[0] as string) as number;
    siteProblem(
      index,
      'parent',
      'parent-cycle',
      `the parent chain is a loop that never reaches the core: ${[...cycle, cycle[0]].join(' → ')}`,
    );
  }
  return problems;
}

export function insideIndonesia(lat: number, lon: number): boolean {
  const b = INDONESIA_BOUNDS;
  return lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon;
}

/** What an SNMPv3 setting lacks, for inventories built in code (the config schema already checks files). */
function snmpV3Problem(site: Site): string | null {
  const snmp = site.router.snmp;
  if (snmp.version !== '3') return snmp.community === '' ? 'the SNMP community is empty' : null;
  if (snmp.user === '') return 'SNMPv3 needs a user';
  if (snmp.level === 'noAuthNoPriv') return null;
  if (snmp.authKey.length < 8) return 'the SNMPv3 authKey must be at least 8 characters long';
  if (snmp.level === 'authPriv' && snmp.privKey.length < 8) {
    return 'the SNMPv3 privKey must be at least 8 characters long';
  }
  return null;
}

export function formatPosition(at: SourcePosition): string {
  return `${at.file}:${at.line}${at.column > 0 ? `:${at.column}` : ''}`;
}

/** `file:line:column: path: message` when the position is known, else `path: message`. */
export function formatInventoryProblem(problem: InventoryProblem): string {
  const tag = problem.severity === 'warning' ? 'warning: ' : '';
  const where = problem.at ? `${formatPosition(problem.at)}: ` : '';
  return `${where}${tag}${problem.path}: ${problem.message}`;
}
