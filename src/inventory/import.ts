// The planners' spreadsheets (sites CSV, plans CSV) to an Inventory and its YAML. Pure: text in, text out.

import { basename } from 'node:path';
import { checkInventory } from './checks.js';
import { closestName } from './closest.js';
import { type CsvRecord, parseCsv } from './csv.js';
import type { InventorySources, PlanField, SiteField, SourcePosition } from './sources.js';
import {
  type Billing,
  type InterfaceSelector,
  type Inventory,
  type Plan,
  SITE_KINDS,
  type Site,
  SNMP_AUTH_PROTOCOLS,
  SNMP_PRIV_PROTOCOLS,
  type SnmpCredentials,
} from './types.js';
import {
  BILLING_MODELS,
  type BillingModel,
  ID_RULE,
  isEnvName,
  isHost,
  isInventoryId,
  isIsoDate,
  isTimeZone,
  SNMP_LEVELS,
} from './values.js';
import { inventoryToYaml } from './yaml.js';

export interface CsvFile {
  /** The name problems are reported under, e.g. the path the user gave. */
  readonly name: string;
  readonly text: string;
}

export interface ImportProblem {
  readonly file: string;
  readonly line: number;
  /** The CSV column the problem is in; null for a problem with the whole row or file. */
  readonly column: string | null;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface ImportResult {
  /** Null when there is any error: then nothing should be written. */
  readonly inventory: Inventory | null;
  readonly yaml: string | null;
  /** Errors and warnings, by file and line. */
  readonly problems: readonly ImportProblem[];
}

/** `sites.csv:57: column lat: "-6,25" is not a number`. */
export function formatImportProblem(problem: ImportProblem): string {
  const column = problem.column === null ? '' : `column ${problem.column}: `;
  const tag = problem.severity === 'warning' ? 'warning: ' : '';
  return `${problem.file}:${problem.line}: ${tag}${column}${problem.message}`;
}

export const SITE_COLUMNS = {
  required: [
    'site_id',
    'name',
    'kind',
    'kecamatan',
    'router_host',
    'snmp_version',
    'wan_ifname',
    'isp',
    'plan_id',
    'contract_start',
  ],
  optional: [
    'parent_id',
    'lat',
    'lon',
    'snmp_port',
    'snmp_community_env',
    'snmp_user',
    'snmp_level',
    'snmp_auth_protocol',
    'snmp_auth_env',
    'snmp_priv_protocol',
    'snmp_priv_env',
    'lan_ifname',
    'contract_end',
    'timezone',
  ],
} as const;

const BILLING_COLUMNS = {
  monthly_idr: 'monthlyIdr',
  idr_per_mbps: 'idrPerMbps',
  commit_mbps: 'commitMbps',
  burst_mbps: 'burstMbps',
  overage_idr_per_mbps: 'overageIdrPerMbps',
  quota_gb: 'quotaGb',
  overage_idr_per_gb: 'overageIdrPerGb',
} as const;
type BillingColumn = keyof typeof BILLING_COLUMNS;

/** The columns each billing model takes; the others must be empty. */
const MODEL_COLUMNS: Readonly<Record<BillingModel, readonly BillingColumn[]>> = {
  flat: ['monthly_idr'],
  per_mbps: ['idr_per_mbps'],
  burstable: ['monthly_idr', 'commit_mbps', 'burst_mbps', 'overage_idr_per_mbps'],
  quota: ['monthly_idr', 'quota_gb', 'overage_idr_per_gb'],
};

/** Money columns hold whole rupiah; the rest may have decimals. */
const MONEY_COLUMNS: ReadonlySet<BillingColumn> = new Set([
  'monthly_idr',
  'idr_per_mbps',
  'overage_idr_per_mbps',
  'overage_idr_per_gb',
]);

export const PLAN_COLUMNS = {
  required: ['plan_id', 'isp', 'product', 'billing', 'mbps'],
  optional: [...Object.keys(BILLING_COLUMNS), 'sla_pct', 'sla_credit_pct_per_step', 'sla_step_pct'],
} as const;

const SITE_FIELD_COLUMN: Readonly<Record<SiteField, string>> = {
  id: 'site_id',
  parent: 'parent_id',
  plan: 'plan_id',
  'router.host': 'router_host',
  'router.snmp': 'snmp_version',
  location: 'lat',
};
const PLAN_FIELD_COLUMN: Readonly<Record<PlanField, string>> = { id: 'plan_id' };

/**
 * Reads both CSVs, checks every row and the inventory as a whole, and renders the YAML; any error
 * anywhere and there is no inventory and no YAML, only the problems, all of them.
 */
export function importInventory(sitesCsv: CsvFile, plansCsv: CsvFile | null): ImportResult {
  const problems: ImportProblem[] = [];
  const plans: Plan[] = [];
  const planSources: {
    path: string;
    at: SourcePosition;
    fields: Partial<Record<PlanField, SourcePosition>>;
  }[] = [];
  if (plansCsv) {
    for (const row of readTable(plansCsv, PLAN_COLUMNS, problems)) {
      const plan = planFromRow(row);
      if (plan) {
        plans.push(plan);
        const at = { file: plansCsv.name, line: row.line, column: 0 };
        planSources.push({ path: `line ${row.line}`, at, fields: { id: at } });
      }
    }
  }
  const sites: Site[] = [];
  const siteSources: {
    path: string;
    at: SourcePosition;
    fields: Partial<Record<SiteField, SourcePosition>>;
  }[] = [];
  for (const row of readTable(sitesCsv, SITE_COLUMNS, problems)) {
    const site = siteFromRow(row);
    if (site) {
      sites.push(site);
      siteSources.push({
        path: `line ${row.line}`,
        at: { file: sitesCsv.name, line: row.line, column: 0 },
        fields: {},
      });
    }
  }

  const inventory: Inventory = { plans, sites };
  const sources: InventorySources = { sites: siteSources, plans: planSources };
  for (const p of checkInventory(inventory, sources)) {
    // The keys are ${VAR} references here, not keys; without a plans file, no plan is known.
    if (p.check === 'snmp-v3' || (p.check === 'unknown-plan' && !plansCsv)) continue;
    const source =
      p.subject.type === 'site' ? siteSources[p.subject.index] : planSources[p.subject.index];
    if (!source) continue;
    const column =
      p.subject.type === 'site'
        ? SITE_FIELD_COLUMN[p.field as SiteField]
        : PLAN_FIELD_COLUMN[p.field as PlanField];
    problems.push({
      file: source.at.file,
      line: source.at.line,
      column,
      message: p.message,
      severity: p.severity,
    });
  }

  const order = [...(plansCsv ? [plansCsv.name] : []), sitesCsv.name];
  problems.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line);
  if (problems.some((p) => p.severity === 'error'))
    return { inventory: null, yaml: null, problems };
  const header = [
    `Sites and plans for Pantau, made by \`pantau import-sites\` from ${basename(sitesCsv.name)}${plansCsv ? ` and ${basename(plansCsv.name)}` : ''}.`,
    'Change the spreadsheets and import again; `pantau check-config` checks this file.',
    `No secrets here: \${NAME} is replaced by the environment variable NAME when Pantau reads it.`,
  ];
  return { inventory, yaml: inventoryToYaml(inventory, { header }), problems };
}

interface Columns {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** A data row with its problems sink: values trimmed, empty when the column is absent. */
class Row {
  /** Set when any column of the row is bad, so the row gives no site or plan. */
  bad = false;

  constructor(
    readonly file: string,
    readonly line: number,
    private readonly values: ReadonlyMap<string, string>,
    private readonly problems: ImportProblem[],
  ) {}

  get(column: string): string {
    return this.values.get(column) ?? '';
  }

  problem(column: string | null, message: string): null {
    this.problems.push({ file: this.file, line: this.line, column, message, severity: 'error' });
    this.bad = true;
    return null;
  }

  required(column: string): string | null {
    const value = this.get(column);
    return value === '' ? this.problem(column, 'required') : value;
  }

  id(column: string, required = true): string | null {
    const value = required ? this.required(column) : this.get(column) || null;
    if (value === null) return null;
    return isInventoryId(value)
      ? value
      : this.problem(column, `${JSON.stringify(value)} is not an id: ${ID_RULE}`);
  }

  choice<T extends string>(column: string, values: readonly T[]): T | null {
    const value = this.required(column);
    if (value === null) return null;
    if ((values as readonly string[]).includes(value)) return value as T;
    const hint = closestName(value, values);
    return this.problem(
      column,
      `${JSON.stringify(value)} is not one of ${values.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`,
    );
  }

  number(
    column: string,
    range: { min?: number; max?: number; positive?: boolean; integer?: boolean } = {},
  ): number | null {
    const value = this.required(column);
    if (value === null) return null;
    const n = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
    const shown = JSON.stringify(value);
    if (!Number.isFinite(n)) return this.problem(column, `${shown} is not a number`);
    if (range.integer && !Number.isInteger(n))
      return this.problem(column, `${shown} is not a whole number`);
    if (range.min !== undefined && n < range.min)
      return this.problem(column, `${shown} is less than ${range.min}`);
    if (range.max !== undefined && n > range.max)
      return this.problem(column, `${shown} is more than ${range.max}`);
    if (range.positive && n <= 0) return this.problem(column, `${shown} is not more than 0`);
    return n;
  }

  date(column: string): string | null {
    const value = this.required(column);
    if (value === null) return null;
    return isIsoDate(value)
      ? value
      : this.problem(column, `${JSON.stringify(value)} is not a date like 2025-01-31`);
  }

  envName(column: string): string | null {
    const value = this.required(column);
    if (value === null) return null;
    return isEnvName(value)
      ? value
      : this.problem(
          column,
          `${JSON.stringify(value)} is not an environment variable name (letters, digits and _)`,
        );
  }

  /** Columns that must stay empty in this row, saying why. */
  unused(columns: readonly string[], why: string): void {
    for (const column of columns) {
      if (this.get(column) !== '') this.problem(column, `not used ${why}; leave it empty`);
    }
  }
}

function readTable(file: CsvFile, columns: Columns, problems: ImportProblem[]): Row[] {
  const table = parseCsv(file.text);
  for (const p of table.problems) {
    problems.push({
      file: file.name,
      line: p.line,
      column: null,
      message: p.message,
      severity: 'error',
    });
  }
  const [header, ...records] = table.records;
  if (!header) {
    problems.push({
      file: file.name,
      line: 1,
      column: null,
      message: 'the file is empty: expected a header row',
      severity: 'error',
    });
    return [];
  }
  const names = header.fields.map((f) => f.trim());
  const known = [...columns.required, ...columns.optional];
  let headerOk = true;
  names.forEach((name, i) => {
    const fail = (message: string): void => {
      problems.push({
        file: file.name,
        line: header.line,
        column: name === '' ? null : name,
        message,
        severity: 'error',
      });
      headerOk = false;
    };
    if (name === '') fail(`column ${i + 1} has no name`);
    else if (names.indexOf(name) !== i) fail('appears twice in the header');
    else if (!known.includes(name)) {
      const hint = closestName(name, known);
      fail(`unknown column${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
  });
  for (const name of columns.required) {
    if (!names.includes(name)) {
      problems.push({
        file: file.name,
        line: header.line,
        column: name,
        message: 'missing from the header',
        severity: 'error',
      });
      headerOk = false;
    }
  }
  if (!headerOk) return [];
  const rows: Row[] = [];
  for (const record of records) {
    if (record.fields.every((f) => f.trim() === '')) continue; // spreadsheets export empty rows as ",,,"
    const row = rowOf(file.name, record, names, problems);
    if (row) rows.push(row);
  }
  return rows;
}

function rowOf(
  file: string,
  record: CsvRecord,
  names: readonly string[],
  problems: ImportProblem[],
): Row | null {
  if (record.fields.length !== names.length) {
    problems.push({
      file,
      line: record.line,
      column: null,
      message: `the row has ${record.fields.length} fields, the header ${names.length}`,
      severity: 'error',
    });
    return null;
  }
  const values = new Map(names.map((name, i) => [name, (record.fields[i] as string).trim()]));
  return new Row(file, record.line, values, problems);
}

function siteFromRow(row: Row): Site | null {
  const id = row.id('site_id');
  const name = row.required('name');
  const kind = row.choice('kind', SITE_KINDS);
  const kecamatan = row.required('kecamatan');
  const parentId = row.id('parent_id', false);
  const location = locationOf(row);
  const host = row.required('router_host');
  if (host !== null && !isHost(host))
    row.problem('router_host', `${JSON.stringify(host)} is not an IP address or host name`);
  const snmpPort =
    row.get('snmp_port') === ''
      ? 161
      : row.number('snmp_port', { integer: true, min: 1, max: 65535 });
  const snmp = snmpOf(row);
  const wan = row.required('wan_ifname');
  const lan = row.get('lan_ifname');
  const isp = row.required('isp');
  const planId = row.id('plan_id');
  const start = row.date('contract_start');
  const end = row.get('contract_end') === '' ? null : row.date('contract_end');
  if (start !== null && end !== null && end < start) {
    row.problem('contract_end', `${end} is before contract_start ${start}`);
  }
  const timezone = row.get('timezone') || 'Asia/Jakarta';
  if (!isTimeZone(timezone))
    row.problem(
      'timezone',
      `${JSON.stringify(timezone)} is not an IANA time zone like Asia/Jakarta`,
    );
  if (row.bad) return null;
  const ifName = (value: string): InterfaceSelector => ({ by: 'ifName', value });
  return {
    id: id as string,
    name: name as string,
    kind: kind as Site['kind'],
    kecamatan: kecamatan as string,
    parentId,
    location,
    timezone,
    router: {
      host: host as string,
      snmpPort: snmpPort as number,
      snmp: snmp as SnmpCredentials,
      wan: ifName(wan as string),
      lan: lan === '' ? null : ifName(lan),
    },
    isp: isp as string,
    planId: planId as string,
    contract: { start: start as string, end },
  };
}

function locationOf(row: Row): Site['location'] {
  const hasLat = row.get('lat') !== '';
  const hasLon = row.get('lon') !== '';
  if (!hasLat && !hasLon) return null;
  if (!hasLat) return row.problem('lat', 'required when lon is given');
  if (!hasLon) return row.problem('lon', 'required when lat is given');
  const lat = row.number('lat', { min: -90, max: 90 });
  const lon = row.number('lon', { min: -180, max: 180 });
  return lat === null || lon === null ? null : { lat, lon };
}

const V3_COLUMNS = [
  'snmp_user',
  'snmp_level',
  'snmp_auth_protocol',
  'snmp_auth_env',
  'snmp_priv_protocol',
  'snmp_priv_env',
] as const;

function snmpOf(row: Row): SnmpCredentials | null {
  const version = row.choice('snmp_version', ['1', '2c', '3'] as const);
  if (version === null) return null;
  const ref = (name: string | null): string => `\${${name}}`;
  if (version !== '3') {
    row.unused(V3_COLUMNS, `with snmp_version ${version}`);
    const community = row.envName('snmp_community_env');
    return community === null ? null : { version, community: ref(community) };
  }
  row.unused(['snmp_community_env'], 'with snmp_version 3');
  const user = row.required('snmp_user');
  const level = row.choice('snmp_level', SNMP_LEVELS);
  if (user === null || level === null) return null;
  if (level === 'noAuthNoPriv') {
    row.unused(V3_COLUMNS.slice(2), 'with snmp_level noAuthNoPriv');
    return { version, level, user };
  }
  const authProtocol = row.choice('snmp_auth_protocol', SNMP_AUTH_PROTOCOLS);
  const authKey = row.envName('snmp_auth_env');
  if (level === 'authNoPriv') {
    row.unused(['snmp_priv_protocol', 'snmp_priv_env'], 'with snmp_level authNoPriv');
    if (authProtocol === null || authKey === null) return null;
    return { version, level, user, authProtocol, authKey: ref(authKey) };
  }
  const privProtocol = row.choice('snmp_priv_protocol', SNMP_PRIV_PROTOCOLS);
  const privKey = row.envName('snmp_priv_env');
  if (authProtocol === null || authKey === null || privProtocol === null || privKey === null)
    return null;
  return {
    version,
    level,
    user,
    authProtocol,
    authKey: ref(authKey),
    privProtocol,
    privKey: ref(privKey),
  };
}

function planFromRow(row: Row): Plan | null {
  const id = row.id('plan_id');
  const isp = row.required('isp');
  const product = row.required('product');
  const model = row.choice('billing', BILLING_MODELS);
  const mbps = row.number('mbps', { positive: true });
  const billing = model === null ? null : billingOf(row, model);
  const sla = slaOf(row);
  if (row.bad) return null;
  return {
    id: id as string,
    isp: isp as string,
    product: product as string,
    mbps: mbps as number,
    billing: billing as Billing,
    sla,
  };
}

function billingOf(row: Row, model: BillingModel): Billing | null {
  const wanted = MODEL_COLUMNS[model];
  const others = (Object.keys(BILLING_COLUMNS) as BillingColumn[]).filter(
    (c) => !wanted.includes(c),
  );
  row.unused(others, `by billing ${model}`);
  const values: Partial<Record<BillingColumn, number | null>> = {};
  for (const column of wanted) {
    values[column] = MONEY_COLUMNS.has(column)
      ? row.number(column, { integer: true, min: 0 })
      : row.number(column, { positive: true });
  }
  if (wanted.some((c) => values[c] === null)) return null;
  const v = values as Record<BillingColumn, number>;
  switch (model) {
    case 'flat':
      return { model, monthlyIdr: v.monthly_idr };
    case 'per_mbps':
      return { model, idrPerMbps: v.idr_per_mbps };
    case 'burstable':
      if (v.commit_mbps > v.burst_mbps) {
        return row.problem(
          'commit_mbps',
          `${v.commit_mbps} is more than burst_mbps ${v.burst_mbps}`,
        );
      }
      return {
        model,
        monthlyIdr: v.monthly_idr,
        commitMbps: v.commit_mbps,
        burstMbps: v.burst_mbps,
        overageIdrPerMbps: v.overage_idr_per_mbps,
      };
    case 'quota':
      return {
        model,
        monthlyIdr: v.monthly_idr,
        quotaGb: v.quota_gb,
        overageIdrPerGb: v.overage_idr_per_gb,
      };
  }
}

const SLA_COLUMNS = ['sla_pct', 'sla_credit_pct_per_step', 'sla_step_pct'] as const;

function slaOf(row: Row): Plan['sla'] {
  const given = SLA_COLUMNS.filter((c) => row.get(c) !== '');
  if (given.length === 0) return null;
  if (given.length < SLA_COLUMNS.length) {
    for (const column of SLA_COLUMNS) {
      if (row.get(column) === '')
        row.problem(
          column,
          `required when ${given.join(' and ')} ${given.length === 1 ? 'is' : 'are'} given`,
        );
    }
    return null;
  }
  const pct = row.number('sla_pct', { positive: true, max: 100 });
  const creditPctPerStep = row.number('sla_credit_pct_per_step', { min: 0, max: 100 });
  const stepPct = row.number('sla_step_pct', { positive: true, max: 100 });
  if (pct === null || creditPctPerStep === null || stepPct === null) return null;
  return { pct, creditPctPerStep, stepPct };
}
