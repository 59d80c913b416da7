// net-snmp's own error objects, as its Session makes them, mapped to Pantau's failure kinds.

import snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import { classifySnmpError } from '../../../src/probe/snmp/snmp-errors.js';

describe('classifySnmpError', () => {
  it('maps a request timeout to timeout', () => {
    expect(classifySnmpError(new snmp.RequestTimedOutError('Request timed out'))).toEqual({
      failure: 'timeout',
      message: 'no reply',
    });
  });

  it('maps USM reports, digest and decryption failures to auth', () => {
    for (const [message, code] of [
      [
        'Wrong Digest (incorrect password, community or key)',
        snmp.ResponseInvalidCode.EAuthFailure,
      ],
      ['Unknown User Name', snmp.ResponseInvalidCode.EAuthFailure],
      ['Unknown Engine ID', snmp.ResponseInvalidCode.EAuthFailure],
      ['Failed to decrypt PDU: bad decrypt', snmp.ResponseInvalidCode.ECouldNotDecrypt],
      ['Message ... is outside the time window', snmp.ResponseInvalidCode.ENotInTimeWindow],
    ] as const) {
      const result = classifySnmpError(new snmp.ResponseInvalidError(message, code));
      expect(result).toEqual({ failure: 'auth', message: `USM: ${message}` });
    }
  });

  it('maps other invalid responses to bad-reply', () => {
    for (const code of [
      snmp.ResponseInvalidCode.EReqResOidNoMatch,
      snmp.ResponseInvalidCode.EUnknownPduType,
      snmp.ResponseInvalidCode.ECommunityNoMatch,
      snmp.ResponseInvalidCode.EUnexpectedReport,
      snmp.ResponseInvalidCode.EBadVarbindList,
    ]) {
      expect(classifySnmpError(new snmp.ResponseInvalidError('x', code)).failure).toBe('bad-reply');
    }
  });

  it('maps an error-status to error-status, naming the varbind it points at', () => {
    expect(
      classifySnmpError(new snmp.RequestFailedError('GeneralError: 1.3.6.1.2.1.2.2.1.10.3', 5)),
    ).toEqual({
      failure: 'error-status',
      message: 'the agent answered genErr for ifInOctets.3',
      errorStatus: 5,
      errorOid: '1.3.6.1.2.1.2.2.1.10.3',
    });
    expect(
      classifySnmpError(new snmp.RequestFailedError('NoSuchName: 1.3.6.1.2.1.31.1.1.1.15.1', 2)),
    ).toMatchObject({
      failure: 'error-status',
      errorStatus: 2,
      errorOid: '1.3.6.1.2.1.31.1.1.1.15.1',
      message: 'the agent answered noSuchName for ifHighSpeed.1',
    });
    expect(classifySnmpError(new snmp.RequestFailedError('TooBig', 1))).toEqual({
      failure: 'error-status',
      message: 'the agent answered tooBig',
      errorStatus: 1,
    });
  });

  it('maps authorizationError (a user outside its view) to auth', () => {
    expect(classifySnmpError(new snmp.RequestFailedError('AuthorizationError', 16))).toMatchObject({
      failure: 'auth',
      errorStatus: 16,
    });
  });

  it('maps socket errors and a closed session to send-failed', () => {
    const unreachable = Object.assign(new Error('send ENETUNREACH 198.18.0.9:161'), {
      code: 'ENETUNREACH',
    });
    expect(classifySnmpError(unreachable)).toEqual({
      failure: 'send-failed',
      message: 'send ENETUNREACH 198.18.0.9:161',
    });
    expect(
      classifySnmpError(Object.assign(new Error('no route'), { code: 'EHOSTUNREACH' })),
    ).toEqual({
      failure: 'send-failed',
      message: 'EHOSTUNREACH: no route',
    });
    expect(classifySnmpError(new Error('Socket forcibly closed')).failure).toBe('send-failed');
    expect(classifySnmpError('not even an error')).toEqual({
      failure: 'send-failed',
      message: 'not even an error',
    });
  });
});
