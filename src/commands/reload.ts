// `pantau reload`: tells the running server to re-read its config and inventory (SIGHUP).

import { type Command, parseCommandArgs } from './command.js';
import { defaultConfigPath } from './config-path.js';
import { dataDirOf, pidFilePath, runningServer } from './pid-file.js';

const usage = `Usage: pantau reload [--config FILE | --pid-file FILE]

Tells the running \`pantau serve\` to re-read its config and inventory, as SIGHUP does: added sites
are probed within one interval, removed ones leave the board (their open incidents close as
"removed"), changed ones keep their state and history. A file with errors is refused by the server,
which logs every error with file:line and keeps running as it was; its log says what it took.

The server is found by its pid file, <server.dataDir>/pantau.pid; server.dataDir is read from the
config file alone, so no secret needs to be set here.

Options:
  -c, --config FILE   main config of the running server (default: $PANTAU_CONFIG or config/pantau.yaml)
      --pid-file FILE the server's pid file, instead of finding it through the config`;

export const reloadCommand: Command = {
  name: 'reload',
  summary: 'make the running server re-read its config and inventory (SIGHUP)',
  usage,
  async run(args) {
    const { values } = parseCommandArgs({
      args: [...args],
      options: {
        config: { type: 'string', short: 'c' },
        'pid-file': { type: 'string' },
      },
    });
    let pid: number;
    const pidFile =
      values['pid-file'] ?? pidFilePath(dataDirOf(values.config ?? defaultConfigPath()));
    try {
      pid = runningServer(pidFile);
    } catch (error) {
      process.stderr.write(`pantau reload: ${(error as Error).message}\n`);
      return 1;
    }
    process.kill(pid, 'SIGHUP');
    process.stdout.write(`asked pantau serve (pid ${pid}) to reload; its log says what it took\n`);
    return 0;
  },
};
