import snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import {
  encodeCommunityRequest,
  encodeDiscoveryRequest,
  getPdu,
} from '../../../src/lab/snmp/manager.js';
import { parseOid } from '../../../src/lab/snmp/oid.js';
import { snmpMessageId } from '../../../src/probe/snmp/snmp-message-id.js';

const OIDS = [parseOid('1.3.6.1.2.1.1.3.0')];

describe('snmpMessageId', () => {
  it('reads the request-id of v1 and v2c messages', () => {
    expect(snmpMessageId(encodeCommunityRequest('v2c', 'public', getPdu(12345, OIDS)))).toBe(12345);
    expect(
      snmpMessageId(encodeCommunityRequest('v1', 'a-long-community-string', getPdu(7, OIDS))),
    ).toBe(7);
    expect(
      snmpMessageId(encodeCommunityRequest('v2c', 'public', getPdu(2_147_483_647, OIDS))),
    ).toBe(2_147_483_647);
    expect(snmpMessageId(encodeCommunityRequest('v2c', 'public', getPdu(-5, OIDS)))).toBe(-5);
  });

  it('reads the msgID of v3 messages, which is what net-snmp matches replies on', () => {
    expect(snmpMessageId(encodeDiscoveryRequest(98765, 111))).toBe(98765);
  });

  it('reads what net-snmp itself sends', async () => {
    const sent: Buffer[] = [];
    const session = snmp.createSession('127.0.0.1', 'public', {
      version: snmp.Version2c,
      timeout: 10,
      retries: 0,
      dgramModule: {
        createSocket: () => ({
          on: () => undefined,
          send: (
            buf: Buffer,
            _o: number,
            _l: number,
            _p: number,
            _a: string,
            cb: (e: Error | null) => void,
          ) => {
            sent.push(Buffer.from(buf));
            cb(new Error('not really sent'));
          },
          bind: () => undefined,
          close: () => undefined,
          ref: () => undefined,
          unref: () => undefined,
        }),
      },
    });
    await new Promise<void>((resolve) => session.get(['1.3.6.1.2.1.1.3.0'], () => resolve()));
    const id = snmpMessageId(sent[0] as Buffer);
    expect(id).toBeGreaterThanOrEqual(0);
    // Changing the request-id's last octet changes what is read: it is really the request-id.
    const copy = Buffer.from(sent[0] as Buffer);
    const at = copy.indexOf(0xa0) + 2;
    const length = copy[at + 1] as number;
    copy[at + 1 + length] = ((copy[at + 1 + length] as number) + 1) % 256;
    expect(snmpMessageId(copy)).not.toBe(id);
  });

  it('returns null for garbage and truncated messages', () => {
    const whole = encodeCommunityRequest('v2c', 'public', getPdu(12345, OIDS));
    expect(snmpMessageId(Buffer.from([0x31, 0x02, 0x01, 0x00]))).toBeNull();
    expect(snmpMessageId(Buffer.alloc(0))).toBeNull();
    expect(snmpMessageId(whole.subarray(0, 12))).toBeNull();
    expect(snmpMessageId(Buffer.from('3003020102', 'hex'))).toBeNull();
  });
});
