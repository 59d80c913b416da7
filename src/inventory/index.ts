// The inventory: sites, routers, plans as types; the parent tree; checks; the CSV import.

export {
  checkInventory,
  formatInventoryProblem,
  formatPosition,
  INDONESIA_BOUNDS,
  type InventoryCheck,
  type InventoryProblem,
  insideIndonesia,
} from './checks.js';
export { closestName, editDistance } from './closest.js';
export { type CsvProblem, type CsvRecord, type CsvTable, parseCsv } from './csv.js';
export { SiteTree } from './hierarchy.js';
export { type InventoryDiff, diffInventory, isEmptyDiff } from './inventory-diff.js';
export { InventoryIndex } from './inventory-index.js';
export {
  type CsvFile,
  formatImportProblem,
  type ImportProblem,
  type ImportResult,
  importInventory,
  PLAN_COLUMNS,
  SITE_COLUMNS,
} from './import.js';
export type {
  InventorySources,
  ItemSource,
  PlanField,
  PlanSource,
  SiteField,
  SiteSource,
  SourcePosition,
} from './sources.js';
export { type InventorySummary, summarizeInventory } from './summary.js';
export * from './types.js';
export {
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
export { type InventoryYamlOptions, inventoryToYaml } from './yaml.js';
