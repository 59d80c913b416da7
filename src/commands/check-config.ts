// `pantau check-config`: load the config, check the inventory as a whole, print problems and a summary.

import {
  ConfigError,
  type ConfigProblem,
  displayPath,
  formatProblem,
  loadConfig,
  type PantauConfig,
  sortProblems,
} from '../config/index.js';
import {
  checkInventory,
  type InventorySummary,
  SITE_KINDS,
  summarizeInventory,
} from '../inventory/index.js';
import { asConfigProblem } from './checked-config.js';
import { type Command, parseCommandArgs, UsageError } from './command.js';
import { defaultConfigPath } from './config-path.js';

const usage = `Usage: pantau check-config [-c FILE]

Reads the main config and every inventory file it names, substitutes \${VAR}s from the
environment and validates everything; then checks the inventory as a whole: duplicate site
ids and router addresses, unknown parents and plans, loops in the parent chain, incomplete
SNMPv3 settings, and (as warnings) coordinates outside Indonesia.

Prints every problem, one a line, as file:line:column: path: message. Without errors it then
prints a summary: sites by kind and by kecamatan, the plans in use, the depth of the parent tree.
Exit status: 0 when there is no error (warnings allowed), 1 otherwise.

Options:
  -c, --config FILE   main config (default: $PANTAU_CONFIG or config/pantau.yaml)
  -h, --help          this text`;

export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: 'validate the config and inventory; print every problem and a summary',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args: [...args],
      options: { config: { type: 'string', short: 'c' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const path = values.config ?? defaultConfigPath();
    let config: PantauConfig;
    try {
      config = await loadConfig(path);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const sorted = sortProblems(error.problems);
      for (const problem of sorted) process.stdout.write(`${formatProblem(problem)}\n`);
      process.stdout.write(`\n${tally(sorted)}: ${path} is not usable\n`);
      return 1;
    }
    const problems = sortProblems([
      ...config.warnings,
      ...checkInventory(config.inventory, config.inventorySources).map((p) =>
        asConfigProblem(p, config.file),
      ),
    ]);
    for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
    if (problems.length > 0) process.stdout.write('\n');
    const errors = problems.some((p) => p.severity === 'error');
    if (!errors)
      process.stdout.write(`${summaryText(config, summarizeInventory(config.inventory))}\n\n`);
    process.stdout.write(`${tally(problems)}${errors ? `: ${path} is not usable` : ''}\n`);
    return errors ? 1 : 0;
  },
};

function tally(problems: readonly ConfigProblem[]): string {
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = problems.filter((p) => p.severity === 'error').length;
  return `${count(errors, 'error')}, ${count(problems.length - errors, 'warning')}`;
}

/** The summary a reviewer reads to see that the inventory is the one intended. */
export function summaryText(config: PantauConfig, summary: InventorySummary): string {
  const files = config.inventoryFiles.map((f) => displayPath(f));
  const lines = [
    `${displayPath(config.file)}: ${summary.sites} sites, ${summary.plans} plans` +
      (files.length > 0 ? ` (from ${files.join(', ')})` : ''),
    '',
    'Sites by kind:',
    ...table(
      SITE_KINDS.map((kind) => [kind, String(summary.byKind[kind])]),
      1,
    ),
    '',
    `Sites by kecamatan (${summary.byKecamatan.length}):`,
    ...table(
      summary.byKecamatan.map((k) => [k.kecamatan, String(k.sites)]),
      3,
    ),
    '',
    `Plans used (${summary.plansUsed.length} of ${summary.plans}):`,
    ...table(
      summary.plansUsed.map((p) => [p.planId, `${p.sites} site${p.sites === 1 ? '' : 's'}`]),
      1,
    ),
  ];
  if (summary.unusedPlans.length > 0)
    lines.push(`Plans not used: ${summary.unusedPlans.join(', ')}`);
  lines.push(
    '',
    `Parent tree: ${summary.treeDepth} level${summary.treeDepth === 1 ? '' : 's'}; ` +
      `${summary.directLinks} site${summary.directLinks === 1 ? '' : 's'} with their own ISP link` +
      (summary.longestChain.length > 1
        ? `; longest chain ${summary.longestChain.join(' → ')}`
        : ''),
  );
  return lines.join('\n');
}

/** Name/number pairs in `columns` aligned columns, filled row by row. */
function table(rows: readonly (readonly [string, string])[], columns: number): string[] {
  const nameWidth = Math.max(0, ...rows.map(([name]) => name.length));
  const valueWidth = Math.max(0, ...rows.map(([, value]) => value.length));
  const cells = rows.map(
    ([name, value]) => `${name.padEnd(nameWidth)}  ${value.padStart(valueWidth)}`,
  );
  const out: string[] = [];
  for (let i = 0; i < cells.length; i += columns)
    out.push(`  ${cells.slice(i, i + columns).join('    ')}`);
  return out;
}
