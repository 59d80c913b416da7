// Worker threads and child processes need compiled JavaScript. Running from dist/, the entry is
// beside its caller; running from src/ (tests under vitest), it is the same path in dist/.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled `name` (e.g. './worker-main.js') next to the module at `callerUrl`. */
export function compiledSibling(callerUrl: string, name: string): string {
  const beside = fileURLToPath(new URL(name, callerUrl));
  if (existsSync(beside)) return beside;
  const inDist = beside.replace(/\/src\/(?!.*\/src\/)/, '/dist/');
  if (inDist !== beside && existsSync(inDist)) return inDist;
  throw new Error(
    `${name} is not built (looked for ${beside} and ${inDist}): run \`npm run build\``,
  );
}
