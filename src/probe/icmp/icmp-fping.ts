// The ICMP prober on fping in batch mode: one fping process a round for every target of the
// probe, targets on stdin, every RTT of every target read back from stderr.

import { spawn } from 'node:child_process';
import type { Logger } from '../../logger.js';
import {
  acceptableHost,
  FpingError,
  type FpingExit,
  type FpingRequest,
  fpingArgs,
  fpingFailure,
} from './fping-command.js';
import { type FpingOutput, parseFpingOutput } from './fping-output.js';
import { fpingPacing, hostChunks } from './fping-pacing.js';
import { type EchoRound, type HostEchoes, probeWithConfirmation } from './icmp-confirmation.js';
import { echoStats } from './icmp-stats.js';
import type { IcmpProber } from './types.js';

export interface FpingProberOptions {
  readonly log: Logger;
  /** The fping program (default: `fping`, as found in PATH). */
  readonly fpingPath?: string;
  /** A floor for -i, ms, for a path whose firewall limits ICMP rates (default 0: back to back). */
  readonly minIntervalMs?: number;
  /** Epoch ms (tests pin it). */
  readonly now?: () => number;
}

interface FpingRun {
  readonly exit: FpingExit;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs fping with `input` on stdin; on abort kills it and rejects once it is gone. */
function runFping(
  path: string,
  args: readonly string[],
  input: string,
  signal: AbortSignal,
): Promise<FpingRun> {
  return new Promise((resolve, reject) => {
    const command = [path, ...args].join(' ');
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    let spawnError: Error | null = null;
    child.stdout.setEncoding('utf8').on('data', (d: string) => stdout.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) reject(signal.reason);
      else if (spawnError)
        reject(new FpingError('could not be started', spawnError.message, command));
      else
        resolve({
          exit: { code, signal: killedBy },
          stdout: stdout.join(''),
          stderr: stderr.join(''),
        });
    });
    // fping exiting before it has read everything (bad arguments) must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Logs, once a round, what fping said beyond the RTT lists. */
function logRoundNotes(log: Logger, output: FpingOutput, round: Record<string, unknown>): void {
  if (output.unrecognised.length > 0 || output.truncated) {
    log.warn(
      { ...round, lines: output.unrecognised.slice(0, 5), truncated: output.truncated },
      'fping printed lines that are not results',
    );
  }
  if (output.errors.length > 0 || output.duplicates.size > 0) {
    log.debug(
      { ...round, errors: output.errors.slice(0, 5), duplicates: output.duplicates.size },
      'fping saw ICMP errors or duplicate replies',
    );
  }
}

export function createFpingProber(options: FpingProberOptions): IcmpProber {
  const path = options.fpingPath ?? 'fping';
  const now = options.now ?? Date.now;
  const log = options.log;

  // Hosts already warned about: a bad site is logged once, not every probe.
  const warned = new Set<string>();
  const warnOnce = (
    hosts: readonly string[],
    context: object,
    message: string,
    describe: (host: string) => string = (h) => h,
  ): void => {
    const fresh = hosts.filter((h) => !warned.has(h));
    for (const h of fresh) warned.add(h);
    if (fresh.length === 0) return;
    log.warn({ ...context, hosts: fresh.length, sample: fresh.slice(0, 5).map(describe) }, message);
  };

  const round: EchoRound = async (hosts, request, signal) => {
    signal.throwIfAborted();
    const usable = hosts.filter(acceptableHost);
    warnOnce(
      hosts.filter((h) => !acceptableHost(h)),
      {},
      'hosts fping cannot be given (blank, with spaces, or starting with #): not probed',
    );
    const results = new Map<string, HostEchoes>();
    // One fping run has 65,535 sequence numbers per 10 s: more hosts go in runs one after another.
    for (const chunk of hostChunks(usable, request.count)) {
      signal.throwIfAborted();
      await runChunk(chunk, request, signal, results);
    }
    return results;
  };

  const runChunk = async (
    usable: readonly string[],
    request: Parameters<EchoRound>[1],
    signal: AbortSignal,
    results: Map<string, HostEchoes>,
  ): Promise<void> => {
    const fping: FpingRequest = { count: request.count, timeoutMs: request.timeoutMs };
    const pacing = fpingPacing(
      usable.length,
      request.count,
      request.periodMs,
      options.minIntervalMs,
    );
    const args = fpingArgs(fping, pacing);
    const at = now();
    const started = performance.now();
    const run = await runFping(path, args, `${usable.join('\n')}\n`, signal);
    const output = parseFpingOutput(run.stderr);
    const failure = fpingFailure(run.exit, output);
    if (failure) {
      throw new FpingError(failure, `${run.stderr}\n${run.stdout}`, [path, ...args].join(' '));
    }
    const unreported: string[] = [];
    for (const host of usable) {
      const echoes = output.echoes.get(host);
      if (echoes) {
        results.set(host, { at, stats: echoStats(echoes) });
        warned.delete(host);
      } else unreported.push(host);
    }
    const summary = {
      hosts: usable.length,
      count: request.count,
      pacing,
      exit: run.exit.code,
      ms: Math.round(performance.now() - started),
    };
    const errors = new Map(output.errors.map((e) => [e.host, e.message]));
    warnOnce(
      unreported,
      summary,
      'fping reported nothing for these hosts (names that do not resolve?): they count as not answering',
      (h) => (errors.has(h) ? `${h}: ${errors.get(h)}` : h),
    );
    logRoundNotes(log, output, summary);
    log.debug(summary, 'fping round done');
  };

  return {
    name: 'fping',
    probe: (targets, settings, signal) =>
      probeWithConfirmation(targets, settings, signal, round, now),
  };
}
