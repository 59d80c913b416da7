import type { Command } from './command.js';

/** Every `pantau` subcommand, in the order `pantau --help` lists them. */
export const commands: readonly Command[] = [];
