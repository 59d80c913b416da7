// A benchmark's command-line options: each a text with its default (or none), and --help (-h),
// which prints the usage and exits.

import { parseArgs } from 'node:util';

/** An option's value: a default keeps it always there; an option without one may be missing. */
type OptionValues<O> = {
  readonly [K in keyof O]: O[K] extends string ? string : string | undefined;
};

/** `options`: each option's default, or undefined for none; an unknown option throws. */
export function benchArgs<const O extends Readonly<Record<string, string | undefined>>>(
  usage: string,
  options: O,
): OptionValues<O> {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(
        Object.entries(options).map(([name, fallback]) => [
          name,
          fallback === undefined
            ? { type: 'string' as const }
            : { type: 'string' as const, default: fallback },
        ]),
      ),
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  return values as OptionValues<O>;
}
