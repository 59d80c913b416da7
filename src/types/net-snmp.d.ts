// The part of net-snmp 3.x (a CommonJS package without types) that Pantau uses, typed from its
// index.js. Only the manager side: sessions, their requests, constants and error classes.

declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  namespace netSnmp {
    type Version = 0 | 1 | 3;
    const Version1: 0;
    const Version2c: 1;
    const Version3: 3;

    /** ASN.1/SMI type tags as net-snmp reports them in a varbind's `type`. */
    const ObjectType: {
      readonly Boolean: 1;
      readonly Integer: 2;
      readonly BitString: 3;
      readonly OctetString: 4;
      readonly Null: 5;
      readonly OID: 6;
      readonly IpAddress: 64;
      readonly Counter: 65;
      readonly Counter32: 65;
      readonly Gauge: 66;
      readonly Gauge32: 66;
      readonly Unsigned32: 66;
      readonly TimeTicks: 67;
      readonly Opaque: 68;
      readonly Counter64: 70;
      readonly NoSuchObject: 128;
      readonly NoSuchInstance: 129;
      readonly EndOfMibView: 130;
      /** The reverse mapping: tag → name. */
      readonly [tag: number]: string | undefined;
    };

    /** error-status names ↔ codes (RFC 3416 §3). */
    const ErrorStatus: {
      readonly NoError: 0;
      readonly TooBig: 1;
      readonly NoSuchName: 2;
      readonly BadValue: 3;
      readonly ReadOnly: 4;
      readonly GeneralError: 5;
      readonly NoAccess: 6;
      readonly AuthorizationError: 16;
      readonly [code: number]: string | undefined;
    };

    const SecurityLevel: {
      readonly noAuthNoPriv: 1;
      readonly authNoPriv: 2;
      readonly authPriv: 3;
    };

    const AuthProtocols: {
      readonly none: 1;
      readonly md5: 2;
      readonly sha: 3;
      readonly sha224: 4;
      readonly sha256: 5;
      readonly sha384: 6;
      readonly sha512: 7;
    };

    const PrivProtocols: {
      readonly none: 1;
      readonly des: 2;
      readonly aes: 4;
      readonly aes256b: 6;
      readonly aes256r: 8;
    };

    /** ResponseInvalidError codes. */
    const ResponseInvalidCode: {
      readonly EIp4AddressSize: 1;
      readonly EUnknownObjectType: 2;
      readonly EUnknownPduType: 3;
      readonly ECouldNotDecrypt: 4;
      readonly EAuthFailure: 5;
      readonly EReqResOidNoMatch: 6;
      readonly EOutOfOrder: 8;
      readonly EVersionNoMatch: 9;
      readonly ECommunityNoMatch: 10;
      readonly EUnexpectedReport: 11;
      readonly EResponseNotHandled: 12;
      readonly EUnexpectedResponse: 13;
      readonly ENotInTimeWindow: 14;
      readonly EBadVarbindList: 15;
    };

    /**
     * A decoded variable binding. `value` by type: Integer, Counter, Gauge, TimeTicks → number;
     * OctetString, Opaque, Counter64 (big-endian bytes) → Buffer; OID, IpAddress → string;
     * Boolean → boolean; Null and the v2 exceptions → null.
     */
    interface Varbind {
      oid: string;
      type: number;
      value: Buffer | number | string | boolean | null;
    }

    interface User {
      name: string;
      level: number;
      authProtocol?: number;
      authKey?: string;
      privProtocol?: number;
      privKey?: string;
    }

    /** What net-snmp calls on the object `dgramModule.createSocket()` returns. */
    interface DgramSocketLike {
      on(
        event: 'message',
        listener: (msg: Buffer, rinfo: { address: string; port: number }) => void,
      ): unknown;
      on(event: 'close', listener: () => void): unknown;
      on(event: 'error', listener: (error: Error) => void): unknown;
      send(
        buffer: Buffer,
        offset: number,
        length: number,
        port: number,
        address: string,
        callback: (error: Error | null, bytes?: number) => void,
      ): void;
      bind(port?: number, address?: string): unknown;
      close(): unknown;
      ref(): unknown;
      unref(): unknown;
    }

    interface DgramModuleLike {
      createSocket(type: 'udp4' | 'udp6'): DgramSocketLike;
    }

    interface SessionOptions {
      port?: number;
      retries?: number;
      timeout?: number;
      backoff?: number;
      transport?: 'udp4' | 'udp6';
      trapPort?: number;
      version?: Version;
      backwardsGetNexts?: boolean;
      reportOidMismatchErrors?: boolean;
      idBitsSize?: 16 | 32;
      context?: string;
      engineID?: string | Buffer;
      dgramModule?: DgramModuleLike;
    }

    type ResponseCallback = (error: Error | null, varbinds?: Varbind[]) => void;
    /** GETBULK: non-repeaters as single varbinds, then one array per repeater. */
    type BulkCallback = (error: Error | null, varbinds?: (Varbind | Varbind[])[]) => void;

    interface Session extends EventEmitter {
      readonly target: string;
      readonly version: Version;
      /** Read when each request is created, so they may be changed between requests. */
      retries: number;
      timeout: number;
      get(oids: string[], callback: ResponseCallback): Session;
      getNext(oids: string[], callback: ResponseCallback): Session;
      getBulk(
        oids: string[],
        nonRepeaters: number,
        maxRepetitions: number,
        callback: BulkCallback,
      ): Session;
      /** Fails every outstanding request of this session with `error`, through its callback. */
      cancelRequests(error: Error): void;
      close(): Session;
    }

    /** USM key derivation (RFC 3414 §2.6): password → key localized to an engine; cached by net-snmp. */
    const Authentication: {
      passwordToKey(authProtocol: number, password: string, engineID: Buffer): Buffer;
    };

    interface EngineParameters {
      engineID: Buffer;
      engineBoots: number;
      engineTime: number;
    }

    /** One privacy protocol's implementation; net-snmp looks these up per message. */
    interface PrivAlgorithm {
      CRYPTO_ALGORITHM: string;
      KEY_LENGTH: number;
      BLOCK_LENGTH: number;
      encryptPdu(
        scopedPdu: Buffer,
        privProtocol: number,
        privPassword: string,
        authProtocol: number,
        engine: EngineParameters,
      ): { encryptedPdu: Buffer; msgPrivacyParameters: Buffer };
      decryptPdu(
        encryptedPdu: Buffer,
        privProtocol: number,
        privParameters: Buffer,
        privPassword: string,
        authProtocol: number,
        engine: EngineParameters,
      ): Buffer;
    }

    /** Exported by net-snmp "for testing"; Pantau replaces single DES where OpenSSL lacks it. */
    const Encryption: { algorithms: Record<number, PrivAlgorithm> };

    function createSession(target: string, community: string, options?: SessionOptions): Session;
    function createV3Session(target: string, user: User, options?: SessionOptions): Session;
    function isVarbindError(varbind: Varbind): boolean;

    class RequestTimedOutError extends Error {
      constructor(message: string);
    }
    class RequestFailedError extends Error {
      constructor(message: string, status: number);
      /** The PDU's error-status. */
      status: number;
    }
    class ResponseInvalidError extends Error {
      constructor(message: string, code: number, info?: unknown);
      /** One of ResponseInvalidCode. */
      code: number;
      info?: unknown;
    }
    class RequestInvalidError extends Error {
      constructor(message: string);
    }
  }

  export = netSnmp;
}
