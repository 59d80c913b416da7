// Inventory credentials as net-snmp session parameters: versions, USM levels and protocol codes.

import snmp from 'net-snmp';
import type { SnmpAuthProtocol, SnmpCredentials, SnmpPrivProtocol } from '../../inventory/index.js';
import { ensureSingleDes } from './snmp-des.js';

export type SessionCredentials =
  | { readonly kind: 'community'; readonly version: 0 | 1; readonly community: string }
  | { readonly kind: 'usm'; readonly user: snmp.User };

const AUTH: Record<SnmpAuthProtocol, number> = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
};

/** aes is AES-128-CFB (RFC 3826); aes256b/aes256r are the Blumenthal and Reeder key extensions. */
const PRIV: Record<SnmpPrivProtocol, number> = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256b: snmp.PrivProtocols.aes256b,
  aes256r: snmp.PrivProtocols.aes256r,
};

export function sessionCredentials(credentials: SnmpCredentials): SessionCredentials {
  if (credentials.version !== '3') {
    return {
      kind: 'community',
      version: credentials.version === '1' ? snmp.Version1 : snmp.Version2c,
      community: credentials.community,
    };
  }
  switch (credentials.level) {
    case 'noAuthNoPriv':
      return {
        kind: 'usm',
        user: { name: credentials.user, level: snmp.SecurityLevel.noAuthNoPriv },
      };
    case 'authNoPriv':
      return { kind: 'usm', user: authUser(credentials, snmp.SecurityLevel.authNoPriv) };
    case 'authPriv':
      if (credentials.privProtocol === 'des') ensureSingleDes();
      return {
        kind: 'usm',
        user: {
          ...authUser(credentials, snmp.SecurityLevel.authPriv),
          privProtocol: PRIV[credentials.privProtocol],
          privKey: credentials.privKey,
        },
      };
  }
}

/** The user of a level that authenticates: its name, level and authentication. */
function authUser(
  credentials: Extract<SnmpCredentials, { level: 'authNoPriv' | 'authPriv' }>,
  level: number,
): snmp.User {
  return {
    name: credentials.user,
    level,
    authProtocol: AUTH[credentials.authProtocol],
    authKey: credentials.authKey,
  };
}
