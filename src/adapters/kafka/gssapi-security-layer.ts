// The last step of a SASL/GSSAPI login (RFC 4752 §3.1): once the Kerberos context is up, the
// broker offers security layers and a buffer size, and the client picks one and names the
// identity it acts as. Kafka runs over TLS or plaintext and never uses a GSSAPI layer, so the
// client always picks "none". Pure byte work; wrapping and unwrapping are the caller's.

/** The "no security layer" bit (integrity is 0x02, confidentiality 0x04). */
const NO_SECURITY_LAYER = 0x01;

export interface SecurityLayerOffer {
  /** Bitmask of the layers the broker accepts. */
  layers: number;
  /** Largest message the broker takes under a layer; meaningless without one. */
  maxMessageSize: number;
}

/** Reads the broker's unwrapped offer; fails when it is malformed or leaves out "none". */
export function readSecurityLayerOffer(offer: Buffer): SecurityLayerOffer {
  if (offer.length !== 4) {
    throw new Error(`the broker's security-layer offer has ${offer.length} bytes, not 4`);
  }
  const layers = offer[0]!;
  if ((layers & NO_SECURITY_LAYER) === 0) {
    throw new Error(
      `the broker offers only security layers 0x${layers.toString(16).padStart(2, "0")}, not "none"`,
    );
  }
  return { layers, maxMessageSize: offer.readUIntBE(1, 3) };
}

/**
 * The client's answer before wrapping: "no security layer", a maximum message size of 0 (the
 * RFC requires 0 when no layer is chosen) and the authorization id. Kafka's brokers accept
 * only an authorization id equal to the authenticated principal, realm included.
 */
export function securityLayerReply(authorizationId: string): Buffer {
  return Buffer.concat([Buffer.from([NO_SECURITY_LAYER, 0, 0, 0]), Buffer.from(authorizationId, "utf8")]);
}
