/** The main config file when none is given: $PANTAU_CONFIG, else config/pantau.yaml. */
export function defaultConfigPath(): string {
  return process.env.PANTAU_CONFIG ?? 'config/pantau.yaml';
}
