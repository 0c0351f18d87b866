/** What a failed connection means to a sysadmin, from the system error code Node attaches. */
const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the target',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'name lookup failed (temporary DNS failure)',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the target',
  EADDRNOTAVAIL: 'address not available',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: self-signed certificate in the chain',
  CERT_HAS_EXPIRED: 'TLS: certificate expired',
  CERT_NOT_YET_VALID: 'TLS: certificate not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: certificate not trusted (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS: certificate not trusted (unknown issuer)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: certificate does not match the host',
  ECONNABORTED: 'connection aborted',
  ENODATA: 'no such record',
  ESERVFAIL: 'the name server failed',
  EREFUSED: 'the name server refused the query',
  ETIMEOUT: 'no answer from the name server',
  EBADRESP: 'a malformed answer from the name server',
  ENOENT: 'not found',
};

/** "connection refused (ECONNREFUSED)", or the error's own message when its code is not a known one. */
export function networkErrorReason(error: unknown): string {
  const code = errorCode(error);
  const known = code === undefined ? undefined : REASONS[code];
  if (known !== undefined) return `${known} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined || message.includes(code) ? message : `${message} (${code})`;
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
