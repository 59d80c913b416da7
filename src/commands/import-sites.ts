// `pantau import-sites`: the planners' CSV (sites, plans) to an inventory YAML file, or nothing when any row is bad.

import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  formatImportProblem,
  importInventory,
  PLAN_COLUMNS,
  SITE_COLUMNS,
} from '../inventory/index.js';
import { type Command, parseCommandArgs, UsageError } from './command.js';

/** Column names after `label`, wrapped at 96 characters with the continuation lines indented. */
function list(label: string, names: readonly string[]): string {
  const lines: string[] = [];
  let line = `  ${label}:`;
  for (const name of names) {
    const piece = ` ${name},`;
    if (line.length + piece.length > 96) {
      lines.push(line);
      line = ' '.repeat(label.length + 3);
    }
    line += piece;
  }
  lines.push(line.replace(/,$/, ''));
  return lines.join('\n');
}

const usage = `Usage: pantau import-sites SITES.csv [--plans PLANS.csv] [-o FILE]

Turns the sites spreadsheet (and the ISP price list) into an inventory file with plans: and
sites: that the main config's inventory.files can name. Every row is checked, and the result as
a whole (duplicate ids and router addresses, unknown parents and plans, parent loops); each bad
row is reported as FILE:LINE: column NAME: problem, all of them, and then nothing is written.
Secrets stay out: the column snmp_community_env names an environment variable, which becomes
community: \${THAT_VARIABLE} in the YAML.

Options:
  -p, --plans FILE    the price list; without it the output has no plans and plan ids go unchecked
  -o, --output FILE   where to write the YAML (replaced whole); "-" or none: standard output
  -h, --help          this text

Columns of SITES.csv (RFC 4180, header row first, UTF-8):
${list('required', SITE_COLUMNS.required)}
${list('optional', SITE_COLUMNS.optional)}
  Empty parent_id: a direct ISP link. snmp_version 1 or 2c needs snmp_community_env; 3 needs
  snmp_user and snmp_level, and per level snmp_auth_protocol + snmp_auth_env and
  snmp_priv_protocol + snmp_priv_env (the *_env columns name environment variables).
Columns of PLANS.csv:
${list('required', PLAN_COLUMNS.required)}
${list('optional', PLAN_COLUMNS.optional)}
  billing flat takes monthly_idr; per_mbps idr_per_mbps; burstable monthly_idr, commit_mbps,
  burst_mbps, overage_idr_per_mbps; quota monthly_idr, quota_gb, overage_idr_per_gb. The other
  billing columns stay empty. The sla_* columns: all three or none.`;

export const importSitesCommand: Command = {
  name: 'import-sites',
  summary: 'turn the sites and plans spreadsheets (CSV) into an inventory YAML file',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs({
      args: [...args],
      options: {
        plans: { type: 'string', short: 'p' },
        output: { type: 'string', short: 'o' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'which sites CSV?' : 'give one sites CSV');
    }
    const sitesPath = positionals[0] as string;
    const sites = { name: sitesPath, text: await readText(sitesPath) };
    const plans =
      values.plans === undefined
        ? null
        : { name: values.plans, text: await readText(values.plans) };
    const result = importInventory(sites, plans);
    for (const problem of result.problems)
      process.stderr.write(`${formatImportProblem(problem)}\n`);
    if (!result.yaml || !result.inventory) {
      const errors = result.problems.filter((p) => p.severity === 'error').length;
      process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}; nothing written\n`);
      return 1;
    }
    const output = values.output ?? '-';
    if (output === '-') {
      process.stdout.write(result.yaml);
      return 0;
    }
    // Write beside, then rename: a reader never sees half a file, and a failed write leaves the old one.
    const temporary = `${output}.${process.pid}.tmp`;
    await writeFile(temporary, result.yaml, 'utf8');
    await rename(temporary, output);
    const { sites: s, plans: p } = result.inventory;
    const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    process.stderr.write(
      `wrote ${count(s.length, 'site')} and ${count(p.length, 'plan')} to ${output}\n`,
    );
    return 0;
  },
};

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}
