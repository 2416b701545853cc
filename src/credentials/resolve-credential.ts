// Turns a credential spec plus the data of the Secrets it references into the material a client
// needs, in memory: passwords, keytab bytes, and TLS as PEM (PKCS12 and JKS stores are opened
// here, so no keystore is ever written to disk decrypted). Secret values come from the caller's
// reader, which also decides what a missing Secret or key is; every failure here names the
// Secret or the store, never a value.
import { createHash } from "node:crypto";
import jks from "jks-js";
import forge from "node-forge";
import type { CredentialSpec, SecretKeyRef } from "./credential-spec.ts";
import { keytabPrincipals } from "./keytab.ts";

/**
 * Reads one key of a Secret in the resource's namespace; `purpose` says what the value is for
 * ("keytab"), for the error it throws when the Secret or the key is missing.
 */
export type SecretKeyReader = (ref: SecretKeyRef, purpose: string) => Buffer;

export type ResolvedSasl =
  | { mechanism: "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512"; username: string; password: string }
  | { mechanism: "GSSAPI"; principal: string; serviceName: string; keytab: Buffer; krb5Conf?: Buffer }
  | {
      mechanism: "OAUTHBEARER";
      tokenEndpoint: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
    };

export interface ResolvedTls {
  /** Trusted CA certificates (PEM); the system's when absent. */
  ca?: string[];
  /** Client certificate chain and key (PEM, key unencrypted in memory). */
  cert?: string;
  key?: string;
  verifyHostname: boolean;
}

export interface ResolvedCredential {
  securityProtocol: CredentialSpec["securityProtocol"];
  sasl?: ResolvedSasl;
  tls?: ResolvedTls;
  /** sha256 over the referenced Secret data; changes when any referenced value changes. */
  contentHash: string;
}

export type CredentialErrorReason =
  | "InvalidKeystore"
  | "InvalidKeytab"
  /** The keytab holds no keys for the principal the spec names. */
  | "KeytabPrincipalMismatch";

export class CredentialError extends Error {
  override readonly name = "CredentialError";
  readonly reason: CredentialErrorReason;
  /** A Secret change re-queues the resource; retrying sooner cannot help. */
  readonly isRetryable = false;
  constructor(reason: CredentialErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * The credential `spec` declares, with its Secret values read through `readSecret`. Throws a
 * CredentialError for a store or keytab that cannot be used, and whatever `readSecret` throws.
 */
export function resolveCredential(spec: CredentialSpec, readSecret: SecretKeyReader): ResolvedCredential {
  const hash = createHash("sha256");
  const read = (ref: SecretKeyRef, what: string): Buffer => {
    const value = readSecret(ref, what);
    hash.update(`${ref.name}\0${ref.key}\0`).update(value).update("\0");
    return value;
  };
  const text = (ref: SecretKeyRef, what: string) =>
    read(ref, what)
      .toString("utf8")
      .replace(/\r?\n$/, "");

  const resolved: Omit<ResolvedCredential, "contentHash"> = { securityProtocol: spec.securityProtocol };
  const sasl = spec.sasl;
  if (sasl) {
    switch (sasl.mechanism) {
      case "GSSAPI": {
        const g = sasl.gssapi!;
        const keytab = read(g.keytab, "keytab");
        checkKeytabPrincipal(keytab, g.principal, g.keytab.name);
        resolved.sasl = {
          mechanism: "GSSAPI",
          principal: g.principal,
          serviceName: g.serviceName ?? "kafka",
          keytab,
          ...(g.krb5Conf ? { krb5Conf: read(g.krb5Conf, "krb5.conf") } : {}),
        };
        break;
      }
      case "OAUTHBEARER": {
        const o = sasl.oauthbearer!;
        resolved.sasl = {
          mechanism: "OAUTHBEARER",
          tokenEndpoint: o.tokenEndpoint,
          clientId: o.clientId,
          clientSecret: text(o.clientSecret, "OAuth client secret"),
          ...(o.scope ? { scope: o.scope } : {}),
        };
        break;
      }
      default:
        resolved.sasl = {
          mechanism: sasl.mechanism,
          username: sasl.usernameFrom ? text(sasl.usernameFrom, "user name") : sasl.username!,
          password: text(sasl.password!, "password"),
        };
    }
  }
  const tls = spec.tls;
  if (spec.securityProtocol === "SSL" || spec.securityProtocol === "SASL_SSL") {
    const out: ResolvedTls = { verifyHostname: tls?.verifyHostname ?? true };
    if (tls?.trust) {
      const t = tls.trust;
      const store = read(t.store, "truststore");
      const password = t.password ? text(t.password, "truststore password") : undefined;
      out.ca = openTruststore(t.type, store, password, t.store.name);
    }
    if (tls?.keystore) {
      const k = tls.keystore;
      const store = read(k.store, "keystore");
      const password = k.password ? text(k.password, "keystore password") : undefined;
      const keyPassword = k.keyPassword ? text(k.keyPassword, "key password") : password;
      const pemKey = k.key ? read(k.key, "private key").toString("utf8") : undefined;
      Object.assign(
        out,
        openKeystore({
          type: k.type,
          store,
          password,
          keyPassword,
          pemKey,
          alias: k.alias,
          name: k.store.name,
        }),
      );
    }
    resolved.tls = out;
  }
  return { ...resolved, contentHash: hash.digest("hex") };
}

function checkKeytabPrincipal(keytab: Buffer, principal: string, secretName: string): void {
  let principals: string[];
  try {
    principals = keytabPrincipals(keytab);
  } catch (err) {
    throw new CredentialError(
      "InvalidKeytab",
      `The keytab in Secret "${secretName}" cannot be read: ${(err as Error).message}`,
    );
  }
  // A principal written without a realm matches in any realm (the default realm decides).
  const matches = (p: string) =>
    p === principal || (!principal.includes("@") && p.slice(0, p.lastIndexOf("@")) === principal);
  if (!principals.some(matches)) {
    throw new CredentialError(
      "KeytabPrincipalMismatch",
      `The keytab in Secret "${secretName}" holds keys for ${principals.join(", ") || "no principal"}, not for "${principal}"`,
    );
  }
}

function openTruststore(
  type: "PEM" | "PKCS12" | "JKS",
  store: Buffer,
  password: string | undefined,
  name: string,
): string[] {
  if (type === "PEM") return [store.toString("utf8")];
  if (type === "JKS") {
    const entries = openJks(store, password!, undefined, name);
    return Object.values(entries).flatMap((e) => ("ca" in e ? [e.ca] : "cert" in e ? [e.cert] : []));
  }
  const p12 = openPkcs12(store, password!, name);
  const bags = p12.getBags({ bagType: CERT_BAG })[CERT_BAG] ?? [];
  return bags.flatMap((b) => (b.cert ? [forge.pki.certificateToPem(b.cert)] : []));
}

function openKeystore(o: {
  type: "PEM" | "PKCS12" | "JKS";
  store: Buffer;
  password?: string;
  keyPassword?: string;
  pemKey?: string;
  alias?: string;
  name: string;
}): { cert: string; key: string } {
  if (o.type === "PEM") return { cert: o.store.toString("utf8"), key: o.pemKey! };
  if (o.type === "JKS") {
    const entries = openJks(o.store, o.password!, o.keyPassword, o.name);
    const withKeys = Object.entries(entries).filter(
      (e): e is [string, { cert: string; key: string }] => "key" in e[1],
    );
    const chosen = o.alias ? withKeys.find(([alias]) => alias === o.alias) : withKeys[0];
    if (!chosen) {
      throw new CredentialError(
        "InvalidKeystore",
        o.alias
          ? `JKS keystore in Secret "${o.name}" has no private key entry "${o.alias}"`
          : `JKS keystore in Secret "${o.name}" has no private key entry`,
      );
    }
    return chosen[1];
  }
  const p12 = openPkcs12(o.store, o.password!, o.name);
  const keyBags = p12.getBags({ bagType: KEY_BAG })[KEY_BAG] ?? [];
  const keyBag = keyBags.find((b) => o.alias === undefined || b.attributes.friendlyName?.[0] === o.alias);
  if (!keyBag?.key)
    throw new CredentialError("InvalidKeystore", `PKCS12 keystore in Secret "${o.name}" has no private key`);
  const certBags = p12.getBags({ bagType: CERT_BAG })[CERT_BAG] ?? [];
  const cert = certBags.flatMap((b) => (b.cert ? [forge.pki.certificateToPem(b.cert)] : [])).join("");
  return { cert, key: forge.pki.privateKeyToPem(keyBag.key) };
}

const CERT_BAG = forge.pki.oids.certBag!;
const KEY_BAG = forge.pki.oids.pkcs8ShroudedKeyBag!;

function openPkcs12(store: Buffer, password: string, name: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(store.toString("binary"))),
      password,
    );
  } catch {
    throw new CredentialError(
      "InvalidKeystore",
      `Cannot open the PKCS12 store in Secret "${name}": the password is wrong or the data is not PKCS12`,
    );
  }
}

type JksEntries = Record<string, { cert: string; key: string } | { ca: string }>;

function openJks(store: Buffer, password: string, keyPassword: string | undefined, name: string): JksEntries {
  try {
    return jks.toPem(store, password, keyPassword) as JksEntries;
  } catch {
    throw new CredentialError(
      "InvalidKeystore",
      `Cannot open the JKS store in Secret "${name}": the password is wrong or the data is not a Java KeyStore`,
    );
  }
}
