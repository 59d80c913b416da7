import { checkConfigCommand } from './check-config.js';
import type { Command } from './command.js';
import { demoCommand } from './demo.js';
import { importSitesCommand } from './import-sites.js';
import { labCommand } from './lab.js';
import { probeCommand } from './probe.js';
import { reloadCommand } from './reload.js';
import { serveCommand } from './serve.js';

/** Every `pantau` subcommand, in the order `pantau --help` lists them. */
export const commands: readonly Command[] = [
  serveCommand,
  reloadCommand,
  demoCommand,
  labCommand,
  probeCommand,
  checkConfigCommand,
  importSitesCommand,
];
