// SASL/GSSAPI (Kerberos) for kafkajs, built on the `kerberos` addon (MIT libgssapi), speaking
// what Kafka's Java client speaks: GSS context tokens until the context is up, then the RFC 4752
// security-layer step (no layer; the authorization id is the authenticated principal).
//
// Credentials come from a keytab file; several principals (an admin per cluster, link and
// connector principals) log in from one process without sharing tickets. gssapi-environment.ts
// says how, and its caveat: Kerberos calls of all logins run one at a time.
//
// Kerberos failures throw GssapiAuthenticationError naming the principal and the Kerberos
// reason. Failures of the broker exchange are kafkajs's own errors and pass through untouched,
// so a dropped connection still reads as one.
import type { AuthenticationProviderArgs, Mechanism } from "kafkajs";
import kerberos from "kerberos";
import { GssapiAuthenticationError } from "./gssapi-authentication-error.ts";
import { type KerberosEnvironment, kerberosEnvironment } from "./gssapi-environment.ts";
import { readSecurityLayerOffer, securityLayerReply } from "./gssapi-security-layer.ts";

export interface GssapiLogin {
  /** Client principal, e.g. link@EXAMPLE.COM; the keytab must hold its key. */
  principal: string;
  keytabPath: string;
  /** krb5.conf to use instead of the process default. */
  krb5ConfPath?: string;
  /** Brokers' Kerberos service name; `kafka` unless the brokers say otherwise. */
  serviceName?: string;
}

type SaslAuthenticate = AuthenticationProviderArgs["saslAuthenticate"];

/**
 * kafkajs `sasl` options that log in as `login.principal` with its keytab, asking for the
 * ticket of `serviceName/<broker host>` where the host is the broker address as kafkajs
 * connects to it (bootstrap or advertised), so those names must be the brokers' principals.
 */
export function gssapiMechanism(login: GssapiLogin): Mechanism {
  return {
    mechanism: "GSSAPI",
    authenticationProvider: ({ host, saslAuthenticate }) => ({
      authenticate: () => authenticate(login, host, saslAuthenticate),
    }),
  };
}

async function authenticate(
  login: GssapiLogin,
  host: string,
  saslAuthenticate: SaslAuthenticate,
): Promise<void> {
  const kerberosStep = async <T>(step: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new GssapiAuthenticationError({ principal: login.principal, host, step, reason });
    }
  };
  const environment: KerberosEnvironment = await kerberosStep("reading the keytab", () =>
    kerberosEnvironment(login),
  );
  const native = <T>(step: string, call: () => Promise<T>) => kerberosStep(step, () => environment.run(call));

  // The first step asks the KDC for the tickets (or finds them cached) and builds the AP-REQ.
  const client = await native("getting a ticket", () =>
    kerberos.initializeClient(`${login.serviceName ?? "kafka"}@${host}`, {
      principal: login.principal,
      mechOID: kerberos.GSS_MECH_OID_KRB5,
    }),
  );
  let token = await native("getting a ticket", () => client.step(""));
  let challenge = await exchange(saslAuthenticate, fromBase64(token));
  while (!client.contextComplete) {
    token = await native("establishing the security context", () =>
      client.step(challenge.toString("base64")),
    );
    // Once the context completes the broker still expects a (possibly empty) reply before it
    // sends the security-layer offer.
    challenge = await exchange(saslAuthenticate, fromBase64(token));
  }
  const reply = await native("negotiating the security layer", async () => {
    readSecurityLayerOffer(fromBase64(await client.unwrap(challenge.toString("base64"))));
    // The context's initiator name, realm included: what the broker compares the id against.
    return client.wrap(securityLayerReply(client.username).toString("base64"));
  });
  await exchange(saslAuthenticate, fromBase64(reply));
}

/** The addon answers null or "" for "no token". */
function fromBase64(token: string | null | undefined): Buffer {
  return Buffer.from(token ?? "", "base64");
}

/** Sends one SASL token and returns the broker's; kafkajs frames both as Kafka BYTES. */
async function exchange(saslAuthenticate: SaslAuthenticate, payload: Buffer): Promise<Buffer> {
  const answer = await saslAuthenticate<Buffer>({
    request: { encode: async () => encodeBytes(payload) },
    response: { decode: async (raw: Buffer | null) => decodeBytes(raw), parse: (data: Buffer) => data },
  });
  return answer ?? Buffer.alloc(0);
}

/** Kafka BYTES: a big-endian int32 length, then the bytes. */
export function encodeBytes(payload: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(payload.length);
  return Buffer.concat([length, payload]);
}

/** Reads Kafka BYTES; a null (-1) or missing value is empty. */
export function decodeBytes(raw: Buffer | null): Buffer {
  if (raw === null || raw.length < 4) return Buffer.alloc(0);
  const length = raw.readInt32BE(0);
  return length <= 0 ? Buffer.alloc(0) : raw.subarray(4, 4 + length);
}
