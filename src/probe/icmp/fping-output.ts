// Reads what `fping -C <count> -q` prints on stderr. Pure: text in, per-host echo lists out.
//
// fping 5.x prints one line a target when it finishes, `host : 0.12 0.10 -` (padded to the
// longest name; `-` for a request with no reply in time), plus, whatever -q says, a line for each
// duplicate reply (`host : duplicate for [1], 64 bytes, 0.12 ms`). Without -q, or in other
// versions, it may also print name-resolution errors (`host: Name or service not known`), ICMP
// errors (`ICMP Host Unreachable from 10.0.0.1 for ICMP Echo sent to host`) and send errors
// (`host: error while sending ping: ...`). RTTs come as %.3f, %.2f, %.1f, %.0f or %.3e ms.

/** One echo request: its round-trip time in ms, or null when no reply came in time. */
export type Echo = number | null;

export interface FpingHostError {
  readonly host: string;
  readonly message: string;
}

export interface FpingOutput {
  /** Per host as fping names it (the name it was given), its echoes in order of sending. */
  readonly echoes: ReadonlyMap<string, readonly Echo[]>;
  /** Duplicate replies per host: not counted as replies. */
  readonly duplicates: ReadonlyMap<string, number>;
  /** Name-resolution, send and ICMP errors, by the target they concern. */
  readonly errors: readonly FpingHostError[];
  /** Lines that are none of the above (fping's own errors, usage text): kept to explain a failure. */
  readonly unrecognised: readonly string[];
  /** The output ended inside a line (fping killed mid-write): that line was ignored. */
  readonly truncated: boolean;
}

const ECHO_LINE = /^(\S+)\s+:((?:\s+\S+)*)\s*$/;
const DUPLICATE_LINE = /^(\S+)\s+: duplicate for \[\d+\]/;
const ICMP_ERROR_LINE = /^(ICMP .+? from \S+) for ICMP Echo sent to (\S+)\s*$/;
const HOST_ERROR_LINE = /^(\S+?): (\S.*)$/;
const RTT = /^-?\d+(?:\.\d*)?(?:e[+-]?\d+)?$/i;

/** The echoes of an RTT list (`0.12 - 1.5e+03`), or null when any token is not an RTT or `-`. */
function parseEchoes(list: string): Echo[] | null {
  const tokens = list.trim().split(/\s+/).filter(Boolean);
  const echoes: Echo[] = [];
  for (const token of tokens) {
    if (token === '-') echoes.push(null);
    else if (RTT.test(token)) {
      // A negative time means the clock stepped between send and reply: a reply all the same.
      echoes.push(Math.max(0, Number(token)));
    } else return null;
  }
  return echoes;
}

export function parseFpingOutput(text: string): FpingOutput {
  const echoes = new Map<string, Echo[]>();
  const duplicates = new Map<string, number>();
  const errors: FpingHostError[] = [];
  const unrecognised: string[] = [];
  const lines = text.split(/\r?\n/);
  // Text that does not end with a newline ends in a line fping did not finish writing.
  const truncated = text.length > 0 && !/\n$/.test(text);
  if (truncated) lines.pop();
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const duplicate = DUPLICATE_LINE.exec(line);
    if (duplicate) {
      const host = duplicate[1] as string;
      duplicates.set(host, (duplicates.get(host) ?? 0) + 1);
      continue;
    }
    const echo = ECHO_LINE.exec(line);
    const list = echo ? parseEchoes(echo[2] ?? '') : null;
    if (echo && list) {
      const host = echo[1] as string;
      // A host given twice is probed twice: every echo of both runs is a real observation.
      echoes.set(host, [...(echoes.get(host) ?? []), ...list]);
      continue;
    }
    const icmp = ICMP_ERROR_LINE.exec(line);
    if (icmp) {
      errors.push({ host: icmp[2] as string, message: icmp[1] as string });
      continue;
    }
    const hostError = HOST_ERROR_LINE.exec(line);
    if (hostError && !line.includes(' : ')) {
      errors.push({ host: hostError[1] as string, message: (hostError[2] as string).trim() });
      continue;
    }
    unrecognised.push(line);
  }
  return { echoes, duplicates, errors, unrecognised, truncated };
}
