// loadConfig: the main config file and its inventory files, read, substituted, validated, once.

import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  type InventorySources,
  isTimeZone,
  type Plan,
  type PlanSource,
  type Site,
  type SiteField,
  type SiteSource,
  type SourcePosition,
} from '../inventory/index.js';
import {
  type InventorySection,
  inventoryFilesSchema,
  inventorySectionSchema,
  mainConfigSchema,
} from './config-schema.js';
import type { Environment } from './env.js';
import { inventoryContentSchema } from './inventory-schema.js';
import { validate } from './messages.js';
import { ConfigError, type ConfigProblem, displayPath } from './problems.js';
import { type DataPath, formatPath, type SourceMap } from './source-map.js';
import type { PantauConfig } from './types.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

const FALLBACK_TIMEZONE = 'Asia/Jakarta';

/**
 * Reads the main config at `path` and every inventory file it names, substituting `${VAR}`s from
 * `env`. Throws ConfigError with every problem of every file when anything is wrong.
 */
export async function loadConfig(
  path: string,
  env: Environment = process.env,
): Promise<PantauConfig> {
  const file = resolve(path);
  const problems: ConfigProblem[] = [];
  const main = await readSource(file, env, problems, null);
  if (!main?.readable) throw new ConfigError(problems);

  const baseDir = dirname(file);
  const data = asRecord(main.value);
  const settings = validate(mainConfigSchema(baseDir), main.value, main.map);
  problems.push(...settings.problems);
  // `inventory: [a.yaml, b.yaml]` is short for `inventory: { files: [a.yaml, b.yaml] }`.
  const filesListed = Array.isArray(data.inventory);
  const filesPath: DataPath = filesListed ? ['inventory'] : ['inventory', 'files'];
  const listed = filesListed
    ? validate(inventoryFilesSchema(baseDir), data.inventory, main.map, ['inventory'])
    : null;
  const section: { value: InventorySection | null; problems: readonly ConfigProblem[] } = listed
    ? { value: listed.value ? { files: listed.value } : null, problems: listed.problems }
    : validate(inventorySectionSchema(baseDir), data.inventory, main.map, ['inventory']);
  problems.push(...section.problems);

  // Sites need the default time zone; when server.timezone is wrong that is reported already.
  const rawZone = asRecord(data.server).timezone;
  const timezone =
    settings.value?.server.timezone ??
    (typeof rawZone === 'string' && isTimeZone(rawZone) ? rawZone : FALLBACK_TIMEZONE);

  const sites: Site[] = [];
  const plans: Plan[] = [];
  const siteSources: SiteSource[] = [];
  const planSources: PlanSource[] = [];
  const take = (source: YamlSource, value: unknown, prefix: DataPath): void => {
    const content = validate(inventoryContentSchema(timezone), value, source.map, prefix);
    problems.push(...content.problems);
    if (!content.value) return;
    content.value.sites?.forEach((site, i) => {
      sites.push(site);
      siteSources.push(siteSource(source.map, [...prefix, 'sites', i]));
    });
    content.value.plans?.forEach((plan, i) => {
      plans.push(plan);
      planSources.push(itemSource(source.map, [...prefix, 'plans', i], { id: ['id'] }));
    });
  };

  if (section.value) {
    const inline = section.value;
    if (inline.plans || inline.sites)
      take(main, { plans: inline.plans, sites: inline.sites }, ['inventory']);
  }
  const files = section.value?.files ?? [];
  for (const [i, inventoryFile] of files.entries()) {
    const entry = main.map.locate([...filesPath, i]);
    const source = await readSource(inventoryFile, env, problems, {
      file: main.map.file,
      ...entry,
      path: formatPath([...filesPath, i]),
    });
    if (!source?.readable) continue;
    if (source.value === undefined) {
      problems.push(warning(source.map.file, 'the file is empty'));
      continue;
    }
    take(source, source.value, []);
  }

  const lab = settings.value?.lab;
  if (lab?.scenario && !(await exists(lab.scenario))) {
    const at = main.map.locate(['lab', 'scenario']);
    problems.push({
      file: main.map.file,
      ...at,
      path: 'lab.scenario',
      message: `${displayPath(lab.scenario)} does not exist (the lab will not start with it)`,
      severity: 'warning',
    });
  }
  // A reference target's results must not be taken for a site's.
  const siteIds = new Set(sites.map((s) => s.id));
  settings.value?.status.isolation?.referenceTargets.forEach((target, i) => {
    if (!siteIds.has(target.id)) return;
    const path = ['status', 'isolation', 'referenceTargets', i, 'id'];
    problems.push({
      file: main.map.file,
      ...main.map.locate(path),
      path: formatPath(path),
      message: `"${target.id}" is also a site id: give the reference target an id of its own`,
      severity: 'error',
    });
  });
  if (problems.some((p) => p.severity === 'error') || !settings.value)
    throw new ConfigError(problems);
  if (sites.length === 0) problems.push(warning(main.map.file, 'the inventory has no sites'));

  return {
    file,
    ...settings.value,
    inventory: { sites, plans },
    inventoryFiles: files,
    inventorySources: { sites: siteSources, plans: planSources } satisfies InventorySources,
    warnings: problems.filter((p) => p.severity === 'warning'),
  };
}

/** Reads and parses one file; a file that cannot be read is a problem at `from` (where it is named). */
async function readSource(
  file: string,
  env: Environment,
  problems: ConfigProblem[],
  from: { file: string; line: number; column: number; path: string } | null,
): Promise<YamlSource | null> {
  const shown = displayPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : String((error as Error).message);
    problems.push({
      file: from?.file ?? shown,
      line: from?.line ?? 0,
      column: from?.column ?? 0,
      path: from?.path ?? '',
      message: `cannot read ${shown}: ${reason}`,
      severity: 'error',
    });
    return null;
  }
  const source = parseYamlSource(text, shown, env);
  problems.push(...source.problems);
  return source;
}

const SITE_FIELDS: Readonly<Record<SiteField, DataPath>> = {
  id: ['id'],
  parent: ['parent'],
  plan: ['plan'],
  'router.host': ['router', 'host'],
  'router.snmp': ['router', 'snmp'],
  location: ['location'],
};

function siteSource(map: SourceMap, path: DataPath): SiteSource {
  return itemSource(map, path, SITE_FIELDS);
}

function itemSource<F extends string>(
  map: SourceMap,
  path: DataPath,
  fields: Readonly<Record<F, DataPath>>,
): { path: string; at: SourcePosition; fields: Partial<Record<F, SourcePosition>> } {
  const position = (p: DataPath): SourcePosition => ({ file: map.file, ...map.locate(p) });
  const found: Partial<Record<F, SourcePosition>> = {};
  for (const [field, sub] of Object.entries(fields) as [F, DataPath][]) {
    if (map.has([...path, ...sub])) found[field] = position([...path, ...sub]);
  }
  return { path: formatPath(path), at: position(path), fields: found };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function warning(file: string, message: string): ConfigProblem {
  return { file, line: 0, column: 0, path: '', message, severity: 'warning' };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
