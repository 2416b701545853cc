// Node's error codes for a TLS peer that answered but cannot be trusted as configured (unknown
// CA, expired, wrong host name), as opposed to one that did not answer: retrying cannot help,
// the trust settings must change. Shared by every adapter that opens TLS connections.
export const TLS_VERIFICATION_FAILURES: ReadonlySet<string> = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
