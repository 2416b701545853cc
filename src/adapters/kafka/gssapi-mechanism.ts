// SASL/GSSAPI (Kerberos) for kafkajs, built on the `kerberos` addon (MIT libgssapi): the GSS
// context exchange, then the RFC 4752 security-layer step Kafka's brokers require (no
// security layer; the authorization id is the authenticated principal).
//
// Credentials come from a keytab file through MIT's client-keytab support: during a login,
// KRB5_CLIENT_KTNAME names the keytab, KRB5CCNAME a per-principal MEMORY cache and KRB5_CONFIG
// the login's krb5.conf, so several principals live in one process without sharing tickets.
// These are process-wide variables (libgssapi reads them at every step), so logins run one at a
// time; a login is a few round trips, once per broker connection.
import { createHash } from "node:crypto";
import type { AuthenticationProviderArgs, Mechanism } from "kafkajs";
import kerberos from "kerberos";
import { AuthenticationFailedError } from "../../ports/operator-error.ts";

export interface GssapiLogin {
  /** Client principal, e.g. link@EXAMPLE.COM; must be in the keytab. */
  principal: string;
  keytabPath: string;
  /** krb5.conf to use instead of the process default. */
  krb5ConfPath?: string;
  /** Brokers' Kerberos service name; `kafka` unless the brokers say otherwise. */
  serviceName?: string;
}

type SaslAuthenticate = AuthenticationProviderArgs["saslAuthenticate"];

/** The security-layer bit for "no security layer" (RFC 4752 §3.3). */
const NO_SECURITY_LAYER = 0x01;

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
  const service = `${login.serviceName ?? "kafka"}@${host}`;
  let step = "getting a ticket";
  try {
    await withKerberosEnvironment(login, async () => {
      const client = await kerberos.initializeClient(service, {
        principal: login.principal,
        mechOID: kerberos.GSS_MECH_OID_KRB5,
      });
      let token = await client.step("");
      step = "establishing the security context";
      let challenge = await exchange(saslAuthenticate, Buffer.from(token, "base64"));
      while (!client.contextComplete) {
        token = await client.step(challenge.toString("base64"));
        // Once the context completes the broker still expects a (possibly empty) reply before
        // it sends the security-layer offer.
        challenge = await exchange(saslAuthenticate, Buffer.from(token ?? "", "base64"));
      }
      step = "negotiating the security layer";
      const offer = Buffer.from(await client.unwrap(challenge.toString("base64")), "base64");
      if (offer.length !== 4 || (offer[0]! & NO_SECURITY_LAYER) === 0) {
        throw new Error(`broker offered security layers 0x${offer.toString("hex")} without "none"`);
      }
      const reply = await client.wrap(offer.toString("base64"), { user: login.principal });
      await exchange(saslAuthenticate, Buffer.from(reply, "base64"));
    });
  } catch (err) {
    throw new AuthenticationFailedError(
      `Cannot authenticate as "${login.principal}" to ${host} with GSSAPI (${step}): ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
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

let environmentLock: Promise<unknown> = Promise.resolve();

/** Runs `use` with the Kerberos variables of `login` set, one login at a time. */
function withKerberosEnvironment<T>(login: GssapiLogin, use: () => Promise<T>): Promise<T> {
  const run = async () => {
    const cacheName = createHash("sha256")
      .update(`${login.principal}\0${login.keytabPath}`)
      .digest("hex")
      .slice(0, 16);
    const wanted: Record<string, string | undefined> = {
      KRB5_CLIENT_KTNAME: `FILE:${login.keytabPath}`,
      KRB5CCNAME: `MEMORY:kafka-access-operator-${cacheName}`,
      KRB5_CONFIG: login.krb5ConfPath ?? process.env.KRB5_CONFIG,
    };
    const saved = Object.fromEntries(Object.keys(wanted).map((k) => [k, process.env[k]]));
    setEnvironment(wanted);
    try {
      return await use();
    } finally {
      setEnvironment(saved);
    }
  };
  const result = environmentLock.then(run, run);
  environmentLock = result.catch(() => undefined);
  return result;
}

function setEnvironment(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
