// An inventory as the YAML that loadConfig reads: `plans:` and `sites:`, small parts on one line each.

import { Document, isMap, isScalar, stringify } from 'yaml';
import type {
  Billing,
  InterfaceSelector,
  Inventory,
  Plan,
  Site,
  SnmpCredentials,
} from './types.js';

const LINE_WIDTH = 100;

export interface InventoryYamlOptions {
  /** Comment lines at the top of the file (without "#"). */
  readonly header?: readonly string[];
  /** Sites in this time zone leave it out: they get the config's server.timezone when loaded. */
  readonly defaultTimezone?: string;
}

export function inventoryToYaml(inventory: Inventory, options: InventoryYamlOptions = {}): string {
  const data = {
    plans: inventory.plans.map(planData),
    sites: inventory.sites.map((s) => siteData(s, options.defaultTimezone ?? 'Asia/Jakarta')),
  };
  const doc = new Document(data);
  if (options.header && options.header.length > 0) {
    doc.commentBefore = options.header.map((line) => (line === '' ? '' : ` ${line}`)).join('\n');
  }
  // Small mappings on one line, as long as the line stays within 100 characters (Biome's width).
  const flow = (path: readonly (string | number)[]): void => {
    const node = doc.getIn(path, true);
    if (!isMap(node)) return;
    const indent = 2 * path.filter((part) => typeof part === 'string').length;
    const oneLine = stringify(node.toJSON(), {
      collectionStyle: 'flow',
      lineWidth: 0,
      flowCollectionPadding: true,
    });
    if (indent + String(path[path.length - 1]).length + 2 + oneLine.trim().length <= LINE_WIDTH)
      node.flow = true;
  };
  data.plans.forEach((plan, i) => {
    spaceBefore(doc.getIn(['plans', i], true), i > 0);
    flow(['plans', i, 'billing']);
    if (plan.sla) flow(['plans', i, 'sla']);
  });
  data.sites.forEach((_, i) => {
    spaceBefore(doc.getIn(['sites', i], true), i > 0);
    for (const part of [
      ['location'],
      ['router', 'snmp'],
      ['router', 'wan'],
      ['router', 'lan'],
      ['contract'],
    ]) {
      flow(['sites', i, ...part]);
    }
  });
  // A blank line between the plans and the sites.
  const sitesKey = isMap(doc.contents) ? doc.contents.items[1]?.key : undefined;
  if (data.plans.length > 0 && isScalar(sitesKey)) sitesKey.spaceBefore = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function spaceBefore(node: unknown, on: boolean): void {
  if (on && isMap(node)) node.spaceBefore = true;
}

function planData(plan: Plan) {
  return {
    id: plan.id,
    isp: plan.isp,
    product: plan.product,
    mbps: plan.mbps,
    billing: billingData(plan.billing),
    ...(plan.sla ? { sla: { ...plan.sla } } : {}),
  };
}

function billingData(billing: Billing): Record<string, string | number> {
  return { ...billing };
}

function siteData(site: Site, defaultTimezone: string) {
  return {
    id: site.id,
    name: site.name,
    kind: site.kind,
    kecamatan: site.kecamatan,
    ...(site.parentId !== null ? { parent: site.parentId } : {}),
    ...(site.location ? { location: { lat: site.location.lat, lon: site.location.lon } } : {}),
    ...(site.timezone !== defaultTimezone ? { timezone: site.timezone } : {}),
    router: {
      host: site.router.host,
      ...(site.router.snmpPort !== 161 ? { snmpPort: site.router.snmpPort } : {}),
      snmp: snmpData(site.router.snmp),
      wan: selectorData(site.router.wan),
      ...(site.router.lan ? { lan: selectorData(site.router.lan) } : {}),
    },
    isp: site.isp,
    plan: site.planId,
    contract: {
      start: site.contract.start,
      ...(site.contract.end !== null ? { end: site.contract.end } : {}),
    },
  };
}

function snmpData(snmp: SnmpCredentials): Record<string, string | number> {
  // Versions 1 and 3 as numbers, the way people write them; "2c" stays text.
  const version = snmp.version === '2c' ? '2c' : Number(snmp.version);
  return { ...snmp, version };
}

function selectorData(selector: InterfaceSelector): Record<string, string | number> {
  return { [selector.by]: selector.value };
}
