// net-snmp's errors as Pantau's SnmpFailure kinds, with a message an engineer can act on. Pure:
// errors are told apart by their name and code, so this works on any error object net-snmp made.

import { describeOid } from './snmp-oids.js';
import type { SnmpFailure } from './types.js';

export interface ClassifiedError {
  readonly failure: SnmpFailure;
  readonly message: string;
  /** The PDU's error-status, when the agent answered with one. */
  readonly errorStatus?: number;
  /** The varbind the error-index points at, when net-snmp names it. */
  readonly errorOid?: string;
}

/** error-status names (RFC 3416 §3). */
const ERROR_STATUS: Readonly<Record<number, string>> = {
  1: 'tooBig',
  2: 'noSuchName',
  3: 'badValue',
  4: 'readOnly',
  5: 'genErr',
  6: 'noAccess',
  7: 'wrongType',
  8: 'wrongLength',
  9: 'wrongEncoding',
  10: 'wrongValue',
  11: 'noCreation',
  12: 'inconsistentValue',
  13: 'resourceUnavailable',
  14: 'commitFailed',
  15: 'undoFailed',
  16: 'authorizationError',
  17: 'notWritable',
  18: 'inconsistentName',
};

export const NO_SUCH_NAME = 2;
const AUTHORIZATION_ERROR = 16;

/** net-snmp's ResponseInvalidCode values that are USM (authentication, privacy, time) failures. */
const USM_CODES = new Set([
  4, // ECouldNotDecrypt: a wrong privacy key
  5, // EAuthFailure: wrong digest, unknown user or engine, unsupported level (usmStats Reports)
  14, // ENotInTimeWindow
]);

export function errorStatusName(status: number): string {
  return ERROR_STATUS[status] ?? `error-status ${status}`;
}

function field(error: Error, name: string): unknown {
  return (error as unknown as Record<string, unknown>)[name];
}

export function classifySnmpError(error: unknown): ClassifiedError {
  if (!(error instanceof Error)) return { failure: 'send-failed', message: String(error) };
  switch (error.name) {
    case 'RequestTimedOutError':
      return { failure: 'timeout', message: 'no reply' };
    case 'RequestFailedError': {
      const status = Number(field(error, 'status'));
      // net-snmp puts the OID the error-index points at after the status name: "NoSuchName: 1.3.6…".
      const oid = /: (\d+(?:\.\d+)+)$/.exec(error.message)?.[1];
      const where = oid ? ` for ${describeOid(oid)}` : '';
      if (status === AUTHORIZATION_ERROR) {
        return {
          failure: 'auth',
          message: `the agent refused access (authorizationError)${where}: check the user's or community's view`,
          errorStatus: status,
          ...(oid ? { errorOid: oid } : {}),
        };
      }
      return {
        failure: 'error-status',
        message: `the agent answered ${errorStatusName(status)}${where}`,
        errorStatus: status,
        ...(oid ? { errorOid: oid } : {}),
      };
    }
    case 'ResponseInvalidError': {
      const code = Number(field(error, 'code'));
      if (USM_CODES.has(code)) return { failure: 'auth', message: `USM: ${error.message}` };
      return { failure: 'bad-reply', message: `invalid reply: ${error.message}` };
    }
    default: {
      if (error.message === 'Socket forcibly closed') {
        return {
          failure: 'send-failed',
          message: 'the session was closed while a request was outstanding',
        };
      }
      const code = field(error, 'code');
      return {
        failure: 'send-failed',
        message:
          typeof code === 'string' && !error.message.includes(code)
            ? `${code}: ${error.message}`
            : error.message,
      };
    }
  }
}
