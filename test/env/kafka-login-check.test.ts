// The login-only credential check against the real brokers and KDC, as a cluster link's source
// credential would be checked: every mechanism with a good credential logs in and names the
// cluster, every kind of bad one gets its precise reason, and no check leaves a connection or a
// keytab file behind.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { createPrincipal, rotateKey } from "../../local-stack/kdc.ts";
import { freePort } from "../../local-stack/managed-process.ts";
import { createCa, issueCertificate } from "../../local-stack/pki.ts";
import { KafkaLoginCheck } from "../../src/adapters/kafka/kafka-login-check.ts";
import { InformerSecretSource } from "../../src/adapters/kubernetes/informer-secret-source.ts";
import type { CredentialSpecInput } from "../../src/credentials/credential-spec.ts";
import { credentialSpecSchema } from "../../src/credentials/credential-spec.ts";
import type { LoginOutcome } from "../../src/ports/credential-check.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("kafka");
const { source } = stack.kafka;
const { kdc, tls } = stack;
const NAMESPACE = "team-a";

// Secrets as the operator's informer cache would hold them, in the link's namespace.
const secretData = new Map<string, Record<string, Buffer>>();
const putSecret = (name: string, data: Record<string, Buffer | string>) =>
  secretData.set(name, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v)])));
const secrets = new InformerSecretSource({
  get: (namespace, name): V1Secret | undefined => {
    const data = namespace === NAMESPACE ? secretData.get(name) : undefined;
    if (!data) return undefined;
    return {
      metadata: { namespace, name },
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.toString("base64")])),
    };
  },
});

const file = (path: string) => readFileSync(path);
const link = tls.clients.link!;
putSecret("scram", { password: source.scramUsers.link!, wrong: "not-the-password" });
putSecret("kerberos", {
  keytab: file(kdc.keytabs.link!),
  other: file(kdc.keytabs.other!),
  "krb5.conf": file(kdc.krb5ConfPath),
});
putSecret("trust", {
  "ca.crt": file(tls.caPem),
  "truststore.p12": file(tls.truststorePkcs12),
  "truststore.jks": file(tls.truststoreJks),
  password: tls.truststorePassword,
});
putSecret("link-tls", {
  "tls.crt": file(link.certPem),
  "tls.key": file(link.keyPem),
  "keystore.p12": file(link.pkcs12),
  "keystore.jks": file(link.jks),
  password: link.password,
  wrong: "not-the-store-password",
});
// A client identity from a CA the brokers do not trust.
const strangerDir = join(stack.runDir, "login-check-stranger");
mkdirSync(strangerDir, { recursive: true });
const strangerCa = createCa(strangerDir, "stranger-ca", "stranger-ca");
const stranger = issueCertificate(
  strangerDir,
  strangerCa,
  "link",
  "/CN=link",
  "extendedKeyUsage=clientAuth\n",
);
putSecret("stranger-tls", { "tls.crt": file(stranger.cert), "tls.key": file(stranger.key) });

const scram = (
  mechanism: "SCRAM-SHA-512" | "SCRAM-SHA-256" | "PLAIN",
  key = "password",
): CredentialSpecInput => ({
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism, username: "link", password: { name: "scram", key } },
});
const gssapi = (principal: string, keytab: { name: string; key: string }): CredentialSpecInput => ({
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "GSSAPI",
    gssapi: { principal, keytab, krb5Conf: { name: "kerberos", key: "krb5.conf" } },
  },
  tls: { trust: { type: "PEM", store: { name: "trust", key: "ca.crt" } } },
});
const pemTrust = { type: "PEM" as const, store: { name: "trust", key: "ca.crt" } };
/** mTLS with `keystore`, trusting the brokers' CA unless `trust` says otherwise (null: the system's CAs). */
const mtls = (keystore: object, trust: object | null = pemTrust): CredentialSpecInput => ({
  securityProtocol: "SSL",
  tls: { ...(trust ? { trust } : {}), keystore } as CredentialSpecInput["tls"],
});
const pemKeystore = (secret = "link-tls") => ({
  type: "PEM",
  store: { name: secret, key: "tls.crt" },
  key: { name: secret, key: "tls.key" },
});

const check = new KafkaLoginCheck({ clientId: "login-check-test" });
const checkLogin = (bootstrap: string, credential: CredentialSpecInput): Promise<LoginOutcome> =>
  check.checkLogin({
    name: "source of ClusterLink team-a/orders",
    bootstrapServers: [bootstrap],
    credential: credentialSpecSchema.parse(credential),
    readSecret: (ref, purpose) => secrets.read(NAMESPACE, ref, purpose),
  });

/** Open TCP sockets of this process, and keytab folders the client config wrote. */
const leftovers = () => ({
  sockets: process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length,
  keytabDirs: readdirSync(tmpdir()).filter((name) => name.startsWith("kafka-access-operator-")).length,
});
const before = leftovers();

describe("KafkaLoginCheck with a good credential", () => {
  it.each([
    { mechanism: "SCRAM-SHA-512", bootstrap: source.bootstrap.scram, credential: scram("SCRAM-SHA-512") },
    { mechanism: "SCRAM-SHA-256", bootstrap: source.bootstrap.scram, credential: scram("SCRAM-SHA-256") },
    { mechanism: "PLAIN", bootstrap: source.bootstrap.scram, credential: scram("PLAIN") },
    {
      mechanism: "GSSAPI with a keytab",
      bootstrap: source.bootstrap.gssapi,
      credential: gssapi(`link@${kdc.realm}`, { name: "kerberos", key: "keytab" }),
    },
    { mechanism: "mTLS with PEM files", bootstrap: source.bootstrap.ssl, credential: mtls(pemKeystore()) },
    {
      mechanism: "mTLS with PKCS12 stores",
      bootstrap: source.bootstrap.ssl,
      credential: mtls(
        {
          type: "PKCS12",
          store: { name: "link-tls", key: "keystore.p12" },
          password: { name: "link-tls", key: "password" },
        },
        {
          type: "PKCS12",
          store: { name: "trust", key: "truststore.p12" },
          password: { name: "trust", key: "password" },
        },
      ),
    },
    {
      mechanism: "mTLS with JKS stores",
      bootstrap: source.bootstrap.ssl,
      credential: mtls(
        {
          type: "JKS",
          store: { name: "link-tls", key: "keystore.jks" },
          password: { name: "link-tls", key: "password" },
        },
        {
          type: "JKS",
          store: { name: "trust", key: "truststore.jks" },
          password: { name: "trust", key: "password" },
        },
      ),
    },
  ])("logs in with $mechanism and names the cluster", async ({ bootstrap, credential }) => {
    expect(await checkLogin(bootstrap, credential)).toEqual({
      isAuthenticated: true,
      clusterId: source.clusterId,
      brokerCount: 1,
    });
  });
});

describe("KafkaLoginCheck with a bad credential", () => {
  it.each([
    {
      why: "a SCRAM password is wrong",
      bootstrap: () => source.bootstrap.scram,
      credential: () => scram("SCRAM-SHA-512", "wrong"),
      reason: "AuthenticationFailed",
      message: /authentication failed/,
    },
    {
      why: "a PLAIN password is wrong",
      bootstrap: () => source.bootstrap.scram,
      credential: () => scram("PLAIN", "wrong"),
      reason: "AuthenticationFailed",
      message: /authentication failed/,
    },
    {
      why: "the keytab holds another principal's keys",
      bootstrap: () => source.bootstrap.gssapi,
      credential: () => gssapi(`link@${kdc.realm}`, { name: "kerberos", key: "other" }),
      reason: "KeytabPrincipalMismatch",
      message: /holds keys for other@KAFKA\.TEST, not for "link@KAFKA\.TEST"/,
    },
    {
      why: "the KDC rotated the principal's key after the keytab was exported",
      bootstrap: () => source.bootstrap.gssapi,
      credential: () => {
        putSecret("rotated", { keytab: file(createPrincipal(kdc, "login-check-rotated")) });
        rotateKey(kdc, "login-check-rotated");
        return gssapi(`login-check-rotated@${kdc.realm}`, { name: "rotated", key: "keytab" });
      },
      reason: "AuthenticationFailed",
      message: /Preauthentication failed/,
    },
    {
      why: "the PKCS12 keystore password is wrong",
      bootstrap: () => source.bootstrap.ssl,
      credential: () =>
        mtls({
          type: "PKCS12",
          store: { name: "link-tls", key: "keystore.p12" },
          password: { name: "link-tls", key: "wrong" },
        }),
      reason: "InvalidKeystore",
      message: /Cannot open the PKCS12 store in Secret "link-tls"/,
    },
    {
      why: "the JKS keystore password is wrong",
      bootstrap: () => source.bootstrap.ssl,
      credential: () =>
        mtls({
          type: "JKS",
          store: { name: "link-tls", key: "keystore.jks" },
          password: { name: "link-tls", key: "wrong" },
        }),
      reason: "InvalidKeystore",
      message: /Cannot open the JKS store in Secret "link-tls"/,
    },
    {
      why: "the client certificate comes from a CA the brokers do not trust",
      bootstrap: () => source.bootstrap.ssl,
      credential: () => mtls(pemKeystore("stranger-tls")),
      reason: "AuthenticationFailed",
      message: /refused the client certificate/,
    },
    {
      why: "the brokers' certificate is not trusted (no trust given: the system's CAs)",
      bootstrap: () => source.bootstrap.ssl,
      credential: () => mtls(pemKeystore(), null),
      reason: "TlsVerificationFailed",
      message: /certificate is not trusted/,
    },
    {
      why: "a referenced Secret is missing",
      bootstrap: () => source.bootstrap.scram,
      credential: (): CredentialSpecInput => ({
        securityProtocol: "SASL_PLAINTEXT",
        sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: "absent", key: "password" } },
      }),
      reason: "SecretNotFound",
      message: /Secret "absent" \(password\) does not exist/,
    },
  ] as const)("reports $reason when $why", async ({ bootstrap, credential, reason, message }) => {
    const outcome = await checkLogin(bootstrap(), credential());
    expect(outcome).toMatchObject({ isAuthenticated: false, reason, isRetryable: false });
    const text = outcome.isAuthenticated ? "" : outcome.message;
    expect(text).toMatch(/^Cannot log in on cluster "source of ClusterLink team-a\/orders": /);
    expect(text).toMatch(message);
    for (const value of [source.scramUsers.link!, link.password, tls.truststorePassword]) {
      expect(text).not.toContain(value);
    }
  });

  it("reports ClusterUnreachable, worth retrying, when no broker answers", async () => {
    const closedPort = await freePort();
    const outcome = await checkLogin(`localhost:${closedPort}`, scram("SCRAM-SHA-512"));
    expect(outcome).toMatchObject({
      isAuthenticated: false,
      reason: "ClusterUnreachable",
      isRetryable: true,
      message: expect.stringContaining("no broker answered"),
    });
  });
});

describe("KafkaLoginCheck after every check above", () => {
  it("left no connection open and no keytab file behind", async () => {
    // Sockets close a moment after disconnect resolves.
    await expect.poll(leftovers, { timeout: 5_000 }).toEqual(before);
  });
});
